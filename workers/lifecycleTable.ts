import type { Consent } from '../src/protocol';

/** Where the visitor's lifecycle stands: not started yet, or started with this consent. */
export type Phase = 'idle' | Consent;

/**
 * What moves the lifecycle: a tab's start (the first sets the engine up, later ones join it), a consent
 * decision from a tab, and `forget()`.
 */
export type LifecycleInput = { type: 'start'; consent: Consent } | { type: 'setConsent'; consent: Consent } | { type: 'forget' };

/**
 * What a transition does, in order. Each is one step of the worker's wiring (`createLifecycle`):
 * - `erase`: deletes the database; `open`: opens storage and reads the saved state; `close`: stores nothing more;
 * - `build`: a new engine from the saved state (if any) with this page's rules and context;
 * - `adopt`: the saved state replaces the engine, with this page's events since added (a returning visitor);
 * - `clear`: every event and membership forgotten, the exits reported;
 * - `newVisitor`: a new anonymous id and no user id; `askForget`: a forget request for the ids the endpoint knows;
 * - `send`, `hold`, `drop`: sync sends, keeps changes in memory until it may send, or drops them;
 * - `announce`: the other tabs hear the consent; `answer`: the joining tab hears where consent stands;
 * - `pageRules`: the joining page's rules are pushed and the model revalidated; `save`: the state is written now.
 */
export type Effect =
  | 'erase' | 'open' | 'close' | 'build' | 'adopt' | 'clear' | 'newVisitor' | 'askForget'
  | 'send' | 'hold' | 'drop' | 'announce' | 'answer' | 'pageRules' | 'save';

/** What a transition leads to. */
export interface Transition {
  next: Phase;
  effects: Effect[];
}

/** A consent decision: granted adopts what is stored; pending stores nothing more; denied wipes everything. */
const DECIDE: Record<Consent, Effect[]> = {
  granted: ['announce', 'open', 'adopt', 'send', 'save'],
  pending: ['announce', 'hold', 'close'],
  denied: ['announce', 'drop', 'close', 'erase', 'clear'],
};

/** The first start: as the page's consent allows, the stored state is restored, or wiped. */
const SET_UP: Record<Consent, Effect[]> = {
  granted: ['open', 'build', 'send'],
  pending: ['build', 'hold'],
  denied: ['erase', 'build', 'drop'],
};

/** `forget()`: the endpoint is asked to forget the visitor (once it may be told), then nothing of them is left here. */
const FORGET: Record<Consent, Effect[]> = {
  granted: ['askForget', 'drop', 'close', 'erase', 'clear', 'newVisitor', 'open', 'send'],
  pending: ['askForget', 'drop', 'close', 'erase', 'clear', 'newVisitor', 'hold'],
  denied: ['drop', 'erase', 'clear', 'newVisitor'],
};

/**
 * The visitor's lifecycle as a table: the phase an input leads to from `phase`, and what it does on the way.
 * Consent is the visitor's, for the whole origin: a tab that starts undecided (`pending`) undoes nothing
 * another tab was told, and a decision made in any tab applies to all. Calls before any start change nothing.
 */
export function transition(phase: Phase, input: LifecycleInput): Transition {
  if (phase === 'idle') return input.type === 'start' ? { next: input.consent, effects: SET_UP[input.consent] } : { next: phase, effects: [] };
  if (input.type === 'forget') return { next: phase, effects: FORGET[phase] };
  const decided = input.consent !== 'pending' || input.type === 'setConsent';
  const effects: Effect[] = decided && input.consent !== phase ? DECIDE[input.consent] : [];
  if (input.type === 'setConsent') return { next: decided ? input.consent : phase, effects };
  // A joining tab: its page's rules first (what the stored state is adopted with), then its decision, if any.
  const answer: Effect[] = !decided && phase !== 'pending' ? ['answer'] : [];
  return { next: decided ? input.consent : phase, effects: ['pageRules', ...effects, ...answer] };
}
