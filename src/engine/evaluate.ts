import { compare, matchesWhere } from './matchesWhere';
import type { CompiledCondition } from './rule';
import type { SegEvent } from './types';

/**
 * A verdict and how long it stands: with no new event, the condition keeps `value` until the clock
 * reaches `until` (exclusive; `Infinity` when nothing but a new event can change it).
 */
export interface Verdict {
  value: boolean;
  until: number;
}

/** Evaluates a condition over the event history (oldest first) at time `now`. */
export function evaluate(cond: CompiledCondition, history: readonly SegEvent[], now: number): Verdict {
  switch (cond.kind) {
    case 'all':
    case 'any': {
      const want = cond.kind === 'any';
      let until = Infinity;
      for (const child of cond.of) {
        const v = evaluate(child, history, now);
        // The first child with the deciding value fixes the verdict; the rest only bound how long it stands.
        if (v.value === want) return { value: want, until: v.until };
        until = Math.min(until, v.until);
      }
      return { value: !want, until };
    }
    case 'not': {
      const v = evaluate(cond.of, history, now);
      return { value: !v.value, until: v.until };
    }
    case 'count':
      return countWithin(cond, history, now);
  }
}

function countWithin(
  cond: Extract<CompiledCondition, { kind: 'count' }>,
  history: readonly SegEvent[],
  now: number,
): Verdict {
  const from = now - cond.within;
  const times: number[] = [];
  for (const e of history) {
    if (e.at > from && e.at <= now && e.name === cond.event && matchesWhere(e, cond.where)) times.push(e.at);
  }
  const value = compare(times.length, cond.cmp);
  // Events leave the window oldest first; the verdict flips when the remaining count first disagrees.
  times.sort((a, b) => a - b);
  for (let i = 0; i < times.length; i++) {
    if (compare(times.length - i - 1, cond.cmp) !== value) return { value, until: times[i]! + cond.within };
  }
  return { value, until: Infinity };
}
