import type { LeafSpec } from '../rule';
import type { Leaf } from './types';

type Spec = Extract<LeafSpec, { type: 'absent' }>;
interface Saved {
  after: number | null;
  seen: number | null;
}

/**
 * `absent X after Y for D`: remembers only the latest Y and the latest X. True once D has passed since the
 * latest Y with no X at or after it; the deadline fires on time, and at start-up if it passed while closed.
 */
export function createAbsentLeaf(spec: Spec, saved?: unknown): Leaf {
  let { after, seen } = (saved as Saved | undefined) ?? { after: null, seen: null };
  return {
    events: [spec.event, spec.after],
    add(event) {
      if (event.name === spec.after) after = event.at;
      if (event.name === spec.event) seen = event.at;
    },
    read(now) {
      const open = after !== null && (seen === null || seen < after);
      const deadline = open ? after! + spec.for : Infinity;
      // value: how long the Y has gone without an X, for explanations.
      return { verdict: now >= deadline, value: open ? now - after! : 0, until: now < deadline ? deadline : Infinity };
    },
    save: (): Saved => ({ after, seen }),
  };
}
