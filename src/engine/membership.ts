import type { Verdict } from './evaluate';
import type { CompiledRule } from './rule';

/** A quick re-entry (within this of an exit) is a flap: the next exit waits for a hold. */
export const FLAP_WINDOW_MS = 10 * 60_000;
/** The first hold after a flap; it doubles with each further flap. */
export const BASE_HOLD_MS = 30_000;
/** The longest hold. */
export const MAX_HOLD_MS = 10 * 60_000;

/** Where one rule's membership stands. Kept while out of the segment too, for flap damping. */
export interface MemberState {
  member: boolean;
  since: number;
  /** When the condition stops (or stopped) holding, absent new events. */
  heldUntil: number;
  expiresAt: number | null;
  flaps: number;
  lastExit: number | null;
  signature: string;
}

export interface Step {
  state: MemberState;
  change: 'enter' | 'exit' | null;
  /** When this rule must be looked at again with no new event. */
  wakeAt: number;
}

/** How long a member stays after the condition stops holding: the ttl, or a flap hold if longer. */
function holdFor(rule: CompiledRule, flaps: number): number {
  const damping = flaps ? Math.min(MAX_HOLD_MS, BASE_HOLD_MS * 2 ** (flaps - 1)) : 0;
  return Math.max(rule.ttl ?? 0, damping);
}

const finite = (t: number) => (Number.isFinite(t) ? t : null);

/**
 * Advances one rule's membership given its verdict at `now`. Invariants: a member stays until
 * `heldUntil + hold`; `heldUntil` never moves back past a moment the condition was seen holding; a bot
 * leaves at once and that exit is not a flap.
 */
export function stepMembership(prev: MemberState | undefined, rule: CompiledRule, verdict: Verdict, now: number, bot: boolean): Step {
  const s: MemberState = prev ?? {
    member: false, since: 0, heldUntil: 0, expiresAt: null, flaps: 0, lastExit: null, signature: rule.signature,
  };
  if (bot) return { state: { ...s, member: false, expiresAt: null }, change: s.member ? 'exit' : null, wakeAt: Infinity };
  if (verdict.value) {
    const entering = !s.member;
    const flaps = !entering ? s.flaps : s.lastExit !== null && now - s.lastExit < FLAP_WINDOW_MS ? s.flaps + 1 : 0;
    const expiresAt = finite(verdict.until + holdFor(rule, flaps));
    const state = { ...s, member: true, since: entering ? now : s.since, heldUntil: verdict.until, expiresAt, flaps };
    return { state, change: entering ? 'enter' : null, wakeAt: verdict.until };
  }
  if (!s.member) return { state: s, change: null, wakeAt: verdict.until };
  const heldUntil = Math.min(s.heldUntil, now);
  const end = heldUntil + holdFor(rule, s.flaps);
  if (now >= end) {
    return { state: { ...s, member: false, heldUntil, expiresAt: null, lastExit: end }, change: 'exit', wakeAt: verdict.until };
  }
  return { state: { ...s, heldUntil, expiresAt: end }, change: null, wakeAt: Math.min(end, verdict.until) };
}
