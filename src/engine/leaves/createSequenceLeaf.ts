import { matchesWhere } from '../matchesWhere';
import type { LeafSpec } from '../rule';
import type { Leaf } from './types';

type Spec = Extract<LeafSpec, { type: 'sequence' }>;
interface Saved {
  session: number;
  best: (number | null)[];
}

/**
 * `sequence [S1…Sn] within D`: for each step, the latest start time of a match of the steps up to it.
 * Keeping the latest start is enough: it is the match that stays inside the window longest. Within the
 * session, matches start afresh with each session.
 */
export function createSequenceLeaf(spec: Spec, saved?: unknown): Leaf {
  const n = spec.steps.length;
  // JSON has no -Infinity: null stands for "no partial match yet".
  const state = (saved as Saved | undefined) ?? { session: -1, best: Array(n).fill(null) };
  const { best } = state;
  let { session } = state;
  const bySession = spec.within === 'session';
  return {
    events: [...new Set(spec.steps.map((s) => s.event))],
    add(event) {
      if (bySession && event.session !== session) (best.fill(null), (session = event.session));
      // Last step first, so one event never completes two consecutive steps.
      for (let i = n - 1; i >= 0; i--) {
        const step = spec.steps[i]!;
        if (step.event !== event.name || !matchesWhere(event.props, step.where)) continue;
        const start = i === 0 ? event.at : best[i - 1]!;
        if (start !== null && (best[i] === null || start > best[i]!)) best[i] = start;
      }
    },
    read(now, view) {
      const live = !bySession || (view.active && view.id === session);
      const from = bySession ? -Infinity : now - (spec.within as number);
      let done = 0;
      while (live && done < n && best[done] !== null && best[done]! > from) done++;
      const verdict = done === n;
      const until = !verdict ? Infinity : bySession ? view.end : best[n - 1]! + (spec.within as number);
      return { verdict, value: done, until };
    },
    save: (): Saved => ({ session, best }),
  };
}
