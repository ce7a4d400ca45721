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

/** The key of an input in the table. */
type InputKey = `start:${Consent}` | `setConsent:${Consent}` | 'forget';

// A decision: granted adopts what is stored; undecided again stores nothing more; denied wipes everything.
const GRANT: Effect[] = ['announce', 'open', 'adopt', 'send', 'save'];
const UNDECIDE: Effect[] = ['announce', 'hold', 'close'];
const DENY: Effect[] = ['announce', 'drop', 'close', 'erase', 'clear'];
// `forget()`: the endpoint is asked to forget the visitor (once it may be told), then nothing of them is left here.
const FORGET: Effect[] = ['askForget', 'drop', 'close', 'erase', 'clear', 'newVisitor'];
const NOTHING: Effect[] = [];

/**
 * The visitor's lifecycle: for each phase and input, the next phase and what the transition does, in order.
 * Consent is the visitor's, for the whole origin: a tab that starts undecided (`pending`) undoes nothing another
 * tab was told (it is told where consent stands), and a decision made in any tab applies to all. A joining tab's
 * page rules come first: they are what a stored state is adopted with. Calls before any start change nothing.
 */
const TABLE: Record<Phase, Record<InputKey, [Phase, Effect[]]>> = {
  idle: {
    'start:granted': ['granted', ['open', 'build', 'send']],
    'start:pending': ['pending', ['build', 'hold']],
    'start:denied': ['denied', ['erase', 'build', 'drop']],
    'setConsent:granted': ['idle', NOTHING],
    'setConsent:pending': ['idle', NOTHING],
    'setConsent:denied': ['idle', NOTHING],
    forget: ['idle', NOTHING],
  },
  pending: {
    'start:granted': ['granted', ['pageRules', ...GRANT]],
    'start:pending': ['pending', ['pageRules']],
    'start:denied': ['denied', ['pageRules', ...DENY]],
    'setConsent:granted': ['granted', GRANT],
    'setConsent:pending': ['pending', NOTHING],
    'setConsent:denied': ['denied', DENY],
    forget: ['pending', [...FORGET, 'hold']],
  },
  granted: {
    'start:granted': ['granted', ['pageRules']],
    'start:pending': ['granted', ['pageRules', 'answer']],
    'start:denied': ['denied', ['pageRules', ...DENY]],
    'setConsent:granted': ['granted', NOTHING],
    'setConsent:pending': ['pending', UNDECIDE],
    'setConsent:denied': ['denied', DENY],
    // Saved at once: the forget request waits in the outbox, and the new visitor's id with it, whatever comes next.
    forget: ['granted', [...FORGET, 'open', 'send', 'save']],
  },
  denied: {
    'start:granted': ['granted', ['pageRules', ...GRANT]],
    'start:pending': ['denied', ['pageRules', 'answer']],
    'start:denied': ['denied', ['pageRules']],
    'setConsent:granted': ['granted', GRANT],
    'setConsent:pending': ['pending', UNDECIDE],
    'setConsent:denied': ['denied', NOTHING],
    // A visitor who said no is told nothing, not even to forget them: nothing was sent since the denial.
    forget: ['denied', ['drop', 'erase', 'clear', 'newVisitor']],
  },
};

/** The phase `input` leads to from `phase`, and what it does on the way. */
export function transition(phase: Phase, input: LifecycleInput): Transition {
  const key: InputKey = input.type === 'forget' ? 'forget' : `${input.type}:${input.consent}`;
  const [next, effects] = TABLE[phase][key];
  return { next, effects };
}
