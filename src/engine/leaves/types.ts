import type { Scalar } from '../types';

/** An event after normalization: its time never goes backwards, and it knows its session. */
export interface Observed {
  name: string;
  at: number;
  props?: Record<string, Scalar>;
  session: number;
}

/** The active session as leaves see it: `active` is false once 30 minutes passed since its last event. */
export interface SessionView {
  id: number;
  active: boolean;
  /** When it stops being active, with no new event. */
  end: number;
}

/** A leaf's answer at a time: its verdict, the value behind it, and until when both stand without events. */
export interface Reading {
  verdict: boolean;
  value: number;
  until: number;
}

/**
 * The incremental state behind one aggregate condition (`count`, `distinct`, `sum`, `absent`, `sequence`).
 * `add` costs O(1) amortized (bounded by the leaf's cap), whatever the length of the history.
 */
export interface Leaf {
  /** Event names it listens to: only those reach `add`. */
  readonly events: readonly string[];
  add(event: Observed): void;
  read(now: number, session: SessionView): Reading;
  save(): unknown;
}
