import { matchesWhere } from '../matchesWhere';
import type { LeafSpec } from '../rule';
import type { Leaf } from './types';

type Spec = Extract<LeafSpec, { type: 'sequence' }>;

/**
 * `sequence [S1…Sn] within D`: for each step, the latest start time of a match of the steps up to it.
 * Keeping the latest start is enough: it is the match that stays inside the window longest.
 */
export function createSequenceLeaf(spec: Spec, saved?: unknown): Leaf {
  const n = spec.steps.length;
  // JSON has no -Infinity: null stands for "no partial match yet".
  const best: (number | null)[] = (saved as (number | null)[] | undefined) ?? Array(n).fill(null);
  return {
    events: [...new Set(spec.steps.map((s) => s.event))],
    add(event) {
      // Last step first, so one event never completes two consecutive steps.
      for (let i = n - 1; i >= 0; i--) {
        const step = spec.steps[i]!;
        if (step.event !== event.name || !matchesWhere(event.props, step.where)) continue;
        const start = i === 0 ? event.at : best[i - 1]!;
        if (start !== null && (best[i] === null || start > best[i]!)) best[i] = start;
      }
    },
    read(now) {
      const from = now - spec.within;
      let done = 0;
      while (done < n && best[done] !== null && best[done]! > from) done++;
      const verdict = done === n;
      return { verdict, value: done, until: verdict ? best[n - 1]! + spec.within : Infinity };
    },
    save: () => best,
  };
}
