import { evaluate } from './evaluate';
import type { CompiledRule } from './rule';
import type { Membership, SegEvent, SegmentChange, VisitContext } from './types';

/** Events kept for evaluation; the oldest are dropped first. Bounds memory and per-event cost. */
export const MAX_HISTORY = 5000;

/** A rule membership with what is needed to end it on time. */
interface RuleMembership extends Membership {
  /** When the condition stops holding, absent new events (`Infinity`: only an event can end it). */
  heldUntil: number;
  /** The rule definition that created it: a changed definition is re-evaluated, not kept blindly. */
  signature: string;
}

/** What the engine persists and restores: plain JSON-safe data. */
export interface EngineState {
  events: SegEvent[];
  memberships: RuleMembership[];
}

export interface Engine {
  /** Adds events (any order; kept sorted by time) and re-evaluates. */
  ingest(events: readonly SegEvent[]): SegmentChange | null;
  /** Re-evaluates at the current time: expiries and windows that closed. */
  tick(): SegmentChange | null;
  /** Replaces the rule set; memberships of removed or changed rules are re-evaluated. */
  setRules(rules: readonly CompiledRule[]): SegmentChange | null;
  /** Forgets every event and membership (consent withdrawn, `forget()`); reports the exits. */
  clear(): SegmentChange | null;
  /** When the next time-based change can happen, or null: call `tick()` then. */
  getWakeAt(): number | null;
  getMemberships(): Membership[];
  /** The visit's context (device, language, time zone, new or returning), for `context` conditions. */
  getContext(): VisitContext;
  getState(): EngineState;
}

/**
 * Builds the segmentation engine: pure, synchronous, with an injected clock. Call `tick()` once after
 * creating it to settle restored state (memberships that expired while the page was closed).
 *
 * @example
 * const engine = createEngine({ now: Date.now, rules, state: restored });
 * const change = engine.ingest([{ name: 'click', at: Date.now(), props: { key: 'headline-1' } }]);
 */
export function createEngine(options: {
  now: () => number;
  rules?: readonly CompiledRule[];
  state?: EngineState;
  context?: VisitContext;
}): Engine {
  const { now } = options;
  let rules: readonly CompiledRule[] = options.rules ?? [];
  const history: SegEvent[] = options.state?.events.slice() ?? [];
  const members = new Map<string, RuleMembership>(options.state?.memberships.map((m) => [m.id, { ...m }]));
  let wakeAt = Infinity;

  function run(): SegmentChange | null {
    const at = now();
    const entered: string[] = [];
    const exited: string[] = [];
    const seen = new Set<string>();
    wakeAt = Infinity;
    for (const rule of rules) {
      seen.add(rule.id);
      const before = members.get(rule.id);
      const after = decide(rule, before?.signature === rule.signature ? before : undefined, at);
      if (after) {
        members.set(rule.id, after);
        if (!before) entered.push(rule.id);
        // Only future moments: a grace period's `heldUntil` lies in the past.
        for (const t of [after.heldUntil, after.expiresAt ?? Infinity]) if (t > at) wakeAt = Math.min(wakeAt, t);
      } else if (before) {
        members.delete(rule.id);
        exited.push(rule.id);
      }
    }
    for (const id of members.keys()) {
      if (!seen.has(id)) (members.delete(id), exited.push(id));
    }
    if (!entered.length && !exited.length) return null;
    return { segments: [...members.keys()], entered, exited, cluster: null, at };
  }

  function decide(rule: CompiledRule, prev: RuleMembership | undefined, at: number): RuleMembership | null {
    const verdict = evaluate(rule.when, history, at);
    if (!verdict.value) wakeAt = Math.min(wakeAt, verdict.until);
    if (verdict.value) {
      const expiresAt = finite(rule.ttl === undefined ? verdict.until : verdict.until + rule.ttl);
      return { ...base(rule, prev, at), heldUntil: verdict.until, expiresAt };
    }
    if (!prev || rule.ttl === undefined) return null;
    // The condition held until it stopped (now, if an event broke it); the ttl runs from then.
    const heldUntil = Math.min(prev.heldUntil, at);
    return heldUntil + rule.ttl > at ? { ...prev, heldUntil, expiresAt: heldUntil + rule.ttl } : null;
  }

  function base(rule: CompiledRule, prev: RuleMembership | undefined, at: number) {
    return {
      id: rule.id,
      source: 'rule' as const,
      since: prev?.since ?? at,
      holdout: false,
      signature: rule.signature,
    };
  }

  function insert(event: SegEvent): void {
    let i = history.length;
    while (i > 0 && history[i - 1]!.at > event.at) i--;
    history.splice(i, 0, event);
  }

  return {
    ingest(events) {
      for (const e of events) insert(e);
      if (history.length > MAX_HISTORY) history.splice(0, history.length - MAX_HISTORY);
      return run();
    },
    tick: run,
    setRules(next) {
      rules = next;
      return run();
    },
    clear() {
      const before = [...members.keys()];
      history.length = 0;
      members.clear();
      const change = run();
      const after = new Set(members.keys());
      const exited = before.filter((id) => !after.has(id));
      const entered = [...after].filter((id) => !before.includes(id));
      if (!exited.length && !entered.length) return null;
      return { segments: [...after], entered, exited, cluster: null, at: change?.at ?? now() };
    },
    getWakeAt: () => (Number.isFinite(wakeAt) ? wakeAt : null),
    getMemberships: () => [...members.values()].map(({ id, source, since, expiresAt, holdout }) => ({
      id,
      source,
      since,
      expiresAt,
      holdout,
    })),
    getContext: () => ({ ...options.context }),
    getState: () => ({ events: history.slice(), memberships: [...members.values()] }),
  };
}

function finite(t: number): number | null {
  return Number.isFinite(t) ? t : null;
}
