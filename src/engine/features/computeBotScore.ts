import type { SessionCounts } from './sessionSignals';

/** A visitor at or above this `bot_score` is treated as a bot: no segments. */
export const BOT_THRESHOLD = 0.5;

/** Which bot signals count: tests of a site turn them off (`bot: { webdriver: false, behaviour: false }`). */
export interface BotSignals {
  /** `navigator.webdriver` is set (and counted). */
  webdriver?: boolean;
  /** Behaviour signals count (default): rapid clicks, click bursts, page-view spikes, no interaction. */
  behaviour?: boolean;
}

export interface BotVerdict {
  score: number;
  flagged: boolean;
  /** When the verdict lapses with no new event: behaviour signals last for their session. */
  until: number;
  /** The signals present, in words: `webdriver`, `rapid clicks`, `click burst`, `velocity spike`, `no interaction`. */
  reasons: string[];
}

/**
 * `bot_score` = 1 − Π(1 − sᵢ) over the signals present: `navigator.webdriver` (1), a click burst (0.7),
 * inhuman click spacing (0.7), a page-view spike over the visitor's own pace (0.7), and a session of page
 * views with no interaction at all (0.5). With `behaviour: false` only `webdriver` counts.
 */
export function computeBotScore(c: SessionCounts, active: boolean, signals: BotSignals, sessionEnd: number): BotVerdict {
  const behaviour = active && signals.behaviour !== false;
  const present = (
    [
      ['webdriver', signals.webdriver, 1],
      ['rapid clicks', behaviour && c.inhuman, 0.7],
      ['click burst', behaviour && c.burst, 0.7],
      ['velocity spike', behaviour && c.spike, 0.7],
      ['no interaction', behaviour && c.idle, 0.5],
    ] as const
  ).filter(([, on]) => on);
  const score = 1 - present.reduce((p, [, , s]) => p * (1 - s), 1);
  const sessionBound = present.length > (signals.webdriver ? 1 : 0);
  return { score, flagged: score >= BOT_THRESHOLD, until: sessionBound ? sessionEnd : Infinity, reasons: present.map(([reason]) => reason) };
}
