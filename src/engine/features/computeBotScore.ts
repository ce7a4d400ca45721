import type { SessionCounts } from './sessionSignals';

/** A visitor at or above this `bot_score` is treated as a bot: no segments. */
export const BOT_THRESHOLD = 0.5;

export interface BotVerdict {
  score: number;
  flagged: boolean;
  /** When the verdict lapses with no new event: behaviour signals last for their session. */
  until: number;
}

/**
 * `bot_score` = 1 − Π(1 − sᵢ) over the signals present: `navigator.webdriver` (1), a click burst (0.7),
 * inhuman click spacing (0.7), a page-view spike over the visitor's own pace (0.7), and a session of page
 * views with no interaction at all (0.5).
 */
export function computeBotScore(c: SessionCounts, active: boolean, webdriver: boolean | undefined, sessionEnd: number): BotVerdict {
  const strengths: number[] = webdriver ? [1] : [];
  if (active) {
    if (c.burst) strengths.push(0.7);
    if (c.inhuman) strengths.push(0.7);
    if (c.spike) strengths.push(0.7);
    if (c.idle) strengths.push(0.5);
  }
  const score = 1 - strengths.reduce((p, s) => p * (1 - s), 1);
  const sessionBound = active && strengths.length > (webdriver ? 1 : 0);
  return { score, flagged: score >= BOT_THRESHOLD, until: sessionBound ? sessionEnd : Infinity };
}
