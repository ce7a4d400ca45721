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
  /** Each signal present, in words, strongest first: why the visitor is (or is close to being) taken for a bot. */
  reasons: string[];
}

const WEBDRIVER = 'navigator.webdriver is true (automated browser); set bot: { webdriver: false } for tests';

/** The behavioural signals, their strength and what each means, for people reading a verdict. */
const SIGNALS = [
  ['burst', 0.7, 'a click burst (15 clicks within 5 s)'],
  ['inhuman', 0.7, 'inhumanly fast clicks (3 in a row, each under 50 ms after the last); pace automated clicks in tests'],
  ['spike', 0.7, "a page-view spike far above the visitor's own pace"],
  ['idle', 0.5, 'page after page with no interaction at all'],
] as const;

/**
 * `bot_score` = 1 − Π(1 − sᵢ) over the signals present: `navigator.webdriver` (1), a click burst (0.7),
 * inhuman click spacing (0.7), a page-view spike over the visitor's own pace (0.7), and a session of page
 * views with no interaction at all (0.5). With `behaviour: false` only `webdriver` counts.
 */
export function computeBotScore(c: SessionCounts, active: boolean, signals: BotSignals, sessionEnd: number): BotVerdict {
  const behaviour = active && signals.behaviour !== false;
  const strengths: number[] = signals.webdriver ? [1] : [];
  const reasons: string[] = signals.webdriver ? [WEBDRIVER] : [];
  for (const [signal, strength, reason] of SIGNALS) {
    if (behaviour && c[signal]) (strengths.push(strength), reasons.push(reason));
  }
  const score = 1 - strengths.reduce((p, s) => p * (1 - s), 1);
  const sessionBound = strengths.length > (signals.webdriver ? 1 : 0);
  return { score, flagged: score >= BOT_THRESHOLD, until: sessionBound ? sessionEnd : Infinity, reasons };
}
