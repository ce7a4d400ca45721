/**
 * Drives the real engine (`src/engine/createEngine.ts`) through a case the same way for vectors and the
 * differential test, and compares snapshots. The engine is typed loosely here so that this file type-checks
 * whatever state the engine's rewrite is in; a missing method shows up as a test failure, not a build failure.
 */
import { compileRule } from '../../src/engine/compileRule';
import { createEngine } from '../../src/engine/createEngine';
import type { NaiveEvent, NaiveSnapshot, Scalar } from './naiveEngine';

export interface Expectation {
  at: number;
  segments: string[];
  features?: Record<string, number>;
}

export interface ExpectedError {
  rule: string | null;
  /** The exact path, e.g. `when.all[1].within`. */
  path?: string;
  /** Or only how the path starts (for faults whose exact position is not pinned by the README). */
  pathPrefix?: string;
}

/**
 * An event for the driver: `at` is the time it is taken at (nondecreasing; what the naive oracle sees, and the
 * engine's clock when it is ingested); `stamp`, when given, is the raw time stamped on it for the engine (earlier
 * than the previous event, or later than the clock), which the engine must normalize to `at`.
 */
export type DriverEvent = NaiveEvent & { stamp?: number };

export interface VectorCase {
  name: string;
  why: string;
  rules: unknown[];
  context?: Record<string, Scalar>;
  cluster?: string | null;
  weights?: Record<string, number>;
  /** The naive evaluator's grid (default 1000 ms): every time and duration in the case is a multiple of it. */
  step?: number;
  events: DriverEvent[];
  expect: Expectation[];
  errors?: ExpectedError[];
}

export interface VectorFile {
  description: string;
  cases: VectorCase[];
}

export interface Fault {
  ruleId: string | undefined;
  path: string;
  message: string;
}

/** The engine API the rewrite is expected to have. */
interface RealEngine {
  ingest(events: NaiveEvent[]): unknown;
  tick(): unknown;
  getWakeAt(): number | null;
  getMemberships(): { id: string; source?: string }[];
  getFeatures(): Record<string, number>;
  setCluster(id: string | null): unknown;
}

export function compileAll(raw: unknown[]): { rules: unknown[]; faults: Fault[] } {
  const rules: unknown[] = [];
  const faults: Fault[] = [];
  for (const r of raw) {
    const result = (compileRule as (x: unknown) => { rule: unknown } | { fault: Fault })(structuredClone(r));
    if ('rule' in result) rules.push(result.rule);
    else faults.push(result.fault);
  }
  return { rules, faults };
}

export interface RealCase {
  rules: unknown[];
  events: DriverEvent[];
  context?: Record<string, Scalar>;
  cluster?: string | null;
  weights?: Record<string, number>;
}

/**
 * Runs the real engine over the events and returns a snapshot at each probe time.
 *
 * Clock starts at 0; the cluster (if any) is set right after creation, then the engine is ticked at 0 unless
 * there are events at 0. Events with the same `at` are ingested as one batch. Before ingesting events stamped `T`, the
 * engine is ticked at every wake time strictly before `T` (a wake time equal to `T` is left to the ingest at `T`, so
 * the engine never sees a transient "time T without the events of T"; the spec's state at T includes them). At a
 * probe time `T` the engine is ticked at every wake time up to `T`, then at `T` itself, after the events of `T`.
 */
export function runReal(c: RealCase, probes: readonly number[]): Map<number, NaiveSnapshot> {
  const { rules } = compileAll(c.rules);
  let clock = 0;
  const options: Record<string, unknown> = { now: () => clock, rules };
  if (c.context) options.context = c.context;
  if (c.weights) options.weights = c.weights;
  const engine = (createEngine as unknown as (o: Record<string, unknown>) => RealEngine)(options);
  if (c.cluster !== undefined && c.cluster !== null) engine.setCluster(c.cluster);

  let lastTick = -Infinity;
  // Settle the engine at its start (a condition may hold with no events at all), unless events stamped 0 are about
  // to be ingested at 0: then that ingest is the first evaluation (the state at 0 includes the events of 0).
  if (!c.events.some((e) => e.at === 0)) {
    engine.tick();
    lastTick = 0;
  }
  const wakeUntil = (limit: number, inclusive: boolean) => {
    for (let guard = 0; ; guard++) {
      if (guard > 100_000) throw new Error(`driver: more than 100000 wake-ups before ${limit}`);
      const w = engine.getWakeAt();
      if (w === null || w === undefined || (inclusive ? w > limit : w >= limit)) return;
      if (w < clock) throw new Error(`driver: getWakeAt() returned ${w}, earlier than the clock ${clock}`);
      if (w <= lastTick && w === clock) throw new Error(`driver: getWakeAt() stays at ${w} after tick()`);
      clock = w;
      engine.tick();
      lastTick = w;
    }
  };

  const out = new Map<number, NaiveSnapshot>();
  const sortedProbes = [...new Set(probes)].sort((a, b) => a - b);
  let i = 0;
  const events = c.events;
  const ingestUpTo = (limit: number) => {
    while (i < events.length && events[i]!.at <= limit) {
      const at = events[i]!.at;
      const batch: NaiveEvent[] = [];
      while (i < events.length && events[i]!.at === at) {
        const e = events[i]!;
        const stamped = e.stamp ?? e.at;
        batch.push(e.props ? { name: e.name, at: stamped, props: { ...e.props } } : { name: e.name, at: stamped });
        i++;
      }
      wakeUntil(at, false);
      clock = at;
      engine.ingest(batch);
    }
  };
  for (const p of sortedProbes) {
    ingestUpTo(p);
    wakeUntil(p, true);
    clock = p;
    engine.tick();
    lastTick = p;
    const segments = engine
      .getMemberships()
      .filter((m) => m.source === undefined || m.source === 'rule')
      .map((m) => m.id)
      .sort();
    out.set(p, { segments, features: { ...engine.getFeatures() } });
  }
  return out;
}

/** Differences between an actual snapshot and the expected one (features compared within `tol`). */
export function diffSnapshot(
  actual: NaiveSnapshot,
  expected: { segments: string[]; features?: Record<string, number> },
  tol = 1e-6,
): string[] {
  const out: string[] = [];
  const want = [...expected.segments].sort();
  if (JSON.stringify(actual.segments) !== JSON.stringify(want)) {
    out.push(`segments ${JSON.stringify(actual.segments)} ≠ expected ${JSON.stringify(want)}`);
  }
  for (const [name, x] of Object.entries(expected.features ?? {})) {
    const y = actual.features[name];
    if (typeof y !== 'number' || !(Math.abs(y - x) <= tol)) out.push(`${name} ${y} ≠ expected ${x}`);
  }
  return out;
}
