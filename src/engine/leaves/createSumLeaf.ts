import { compare } from '../compare';
import { matchesWhere } from '../matchesWhere';
import type { LeafSpec } from '../rule';
import type { Leaf } from './types';

/**
 * Entries a windowed sum keeps. Past it the two oldest merge into one at the later time, so a visitor
 * with more events than this in one window gets a sum whose oldest part leaves the window a little late.
 */
export const MAX_SUM_ENTRIES = 2000;

type Spec = Extract<LeafSpec, { type: 'sum' }>;
interface Saved {
  session: number;
  entries: [number, number][];
}

/** `sum … of`: a running total over the window (or the session), with the entries it must later drop. */
export function createSumLeaf(spec: Spec, saved?: unknown): Leaf {
  const state = (saved as Saved | undefined) ?? { session: -1, entries: [] };
  const entries = state.entries;
  let { session } = state;
  const bySession = spec.within === 'session';
  let total = entries.reduce((sum, [, v]) => sum + v, 0);

  return {
    events: [spec.event],
    add(event) {
      if (!matchesWhere(event.props, spec.where)) return;
      const raw = event.props?.[spec.of];
      const value = typeof raw === 'number' && Number.isFinite(raw) ? raw : 0;
      if (bySession && event.session !== session) (entries.length = 0), (total = 0), (session = event.session);
      entries.push([event.at, value]);
      total += value;
      if (entries.length > MAX_SUM_ENTRIES) {
        const [, first] = entries.shift()!;
        entries[0]![1] += first;
      }
    },
    read(now, view) {
      if (bySession) {
        const value = view.active && view.id === session ? total : 0;
        const verdict = compare(value, spec.cmp);
        return { verdict, value, until: value !== 0 && verdict !== compare(0, spec.cmp) ? view.end : Infinity };
      }
      const from = now - (spec.within as number);
      while (entries.length && entries[0]![0] <= from) total -= entries.shift()![1];
      if (!entries.length) total = 0; // no drift left over from subtractions
      // The verdict may change whenever the oldest entry leaves: look again then.
      const until = entries.length ? entries[0]![0] + (spec.within as number) : Infinity;
      return { verdict: compare(total, spec.cmp), value: total, until };
    },
    save: (): Saved => ({ session, entries }),
  };
}
