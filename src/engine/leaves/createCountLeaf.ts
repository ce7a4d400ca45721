import { matchesWhere } from '../matchesWhere';
import type { LeafSpec } from '../rule';
import { compare } from '../compare';
import { capFor, readCount } from './verdictUntil';
import type { Leaf } from './types';

type Spec = Extract<LeafSpec, { type: 'count' | 'distinct' }>;
interface Saved {
  session: number;
  serial: number;
  keys: [string, number][];
}

/**
 * `count` and `distinct … by`: keeps, per counted key (each event for `count`, each distinct prop value for
 * `distinct`), its latest time, most recent last, and at most {@link capFor} of them — enough to decide the
 * comparison exactly, so memory is bounded by the rule, not by the history.
 */
export function createCountLeaf(spec: Spec, saved?: unknown): Leaf {
  const cap = capFor(spec.cmp);
  const state = (saved as Saved | undefined) ?? { session: -1, serial: 0, keys: [] };
  const keys = new Map<string, number>(state.keys);
  let { session, serial } = state;
  const bySession = spec.within === 'session';

  return {
    events: [spec.event],
    add(event) {
      if (!matchesWhere(event.props, spec.where)) return;
      let key = `#${serial++}`;
      if (spec.type === 'distinct') {
        const value = event.props?.[spec.by];
        if (value === undefined) return;
        key = `${typeof value}:${String(value)}`;
      }
      if (bySession && event.session !== session) (keys.clear(), (session = event.session));
      keys.delete(key);
      keys.set(key, event.at);
      if (keys.size > cap) keys.delete(keys.keys().next().value!);
    },
    read(now, view) {
      if (bySession) {
        const value = view.active && view.id === session ? keys.size : 0;
        const verdict = compare(value, spec.cmp);
        const until = value && verdict !== compare(0, spec.cmp) ? view.end : Infinity;
        return { verdict, value, until };
      }
      const within = spec.within as number;
      for (const [key, at] of keys) {
        if (at > now - within) break;
        keys.delete(key);
      }
      return readCount([...keys.values()], within, spec.cmp);
    },
    save: (): Saved => ({ session, serial, keys: [...keys] }),
  };
}
