import type { EngineState } from '../src/engine/createEngine';
import type { SegEvent, SegmentChange, VisitContext } from '../src/engine/types';
import type { Consent, Inspection, SegletError, StartOptions, WorkerMessage } from '../src/protocol';
import { createEngineSlot, type EngineSlot } from './createEngineSlot';
import type { WorkerDeps } from './createHost';
import type { ForgetRequest } from './createSync';
import { transition, type Effect, type LifecycleInput, type Phase } from './lifecycleTable';
import type { Persisted } from './createPersistence';

/** The debug overlay lists this many recent events: a page or two of browsing, one screen of the panel. */
const INSPECT_RECENT = 20;
/**
 * Forget requests kept while they wait for consent, at most. The first is the one that matters: the ids after it
 * are new ones, never sent while undecided; later requests are dropped.
 */
export const MAX_OWED_FORGETS = 10;

/** Where a tab hears the worker: its port. */
export type Tab = Pick<MessagePort, 'postMessage'>;

/** The visitor's lifecycle: every consent decision, start, wipe and `forget()` goes through its table. */
export interface Lifecycle {
  /** A tab's start (the first sets the engine up, later ones join it); resolves with the memberships then. */
  start(options: StartOptions, tab: Tab): Promise<SegmentChange>;
  setConsent(consent: Consent, from?: Tab): Promise<void>;
  /** Wipes everything on the device, exits every segment, and asks the endpoint to forget the visitor. */
  forget(): Promise<void>;
  /** The engine and its wiring, for calls that do not move the lifecycle. */
  slot: EngineSlot;
  inspect(): Inspection;
  /** Where the lifecycle stands. */
  phase(): Phase;
}

/** What one transition works with: the tab that moved it, its start options, and what storage held. */
interface Step {
  tab?: Tab;
  options?: StartOptions;
  restored?: Persisted;
}

/**
 * Builds the visitor's lifecycle over {@link transition}: inputs run one at a time, in the order they come
 * (a decision made while a start is still reading storage waits for it), and each runs its table's effects
 * in order. `broadcast` reaches every tab but `except`.
 */
export function createLifecycle(deps: WorkerDeps, broadcast: (message: WorkerMessage, except?: Tab) => void): Lifecycle {
  let phase: Phase = 'idle';
  let queue: Promise<unknown> = Promise.resolve();
  /** Forget requests the endpoint is owed: they go out with the first batch sync may send. */
  const owed: ForgetRequest[] = [];
  const slot = createEngineSlot(deps, broadcast);
  const tell = (tab: Tab | undefined) => (error: SegletError) => tab?.postMessage({ type: 'error', error } satisfies WorkerMessage);

  const perform: Record<Effect, (step: Step) => unknown> = {
    erase: () => slot.persistence.erase(),
    open: async (step) => void (step.restored = await slot.persistence.open()),
    close: () => slot.persistence.close(),
    build: ({ options, restored, tab }) => slot.build(options!, restored, tell(tab)),
    adopt: ({ restored }) => restored && adopt(restored),
    clear: () => slot.settle(slot.engine().clear()),
    newVisitor: () => slot.visitor.reset(deps.uuid()),
    askForget: () => owed.length < MAX_OWED_FORGETS && owed.push({ v: 1, op: 'forget', ...slot.visitor.ids() }),
    send: ({ restored }) => slot.sync.start(slot.syncUrl(), [...(restored?.outbox ?? []), ...owed.splice(0)], restored?.syncMark),
    hold: () => slot.sync.hold(),
    drop: () => slot.sync.stop(),
    announce: ({ tab }) => broadcast({ type: 'consent', consent: phase as Consent }, tab),
    answer: ({ tab }) => tab?.postMessage({ type: 'consent', consent: phase as Consent } satisfies WorkerMessage),
    pageRules: ({ options, tab }) => (void slot.model.refresh(), slot.pushRules(options!.rules, tell(tab))),
    save: () => slot.persistence.save(),
  };

  /**
   * A returning visitor on a page that started undecided, now granted: their stored state goes on, with this
   * page's events added. Tabs hear the change from what they were shown; sync, the changes from what it last
   * knew (the stored state's), in place of those held while pending.
   */
  function adopt(restored: Persisted): void {
    const engine = slot.engine();
    const shown = engine.getMemberships().map((m) => m.id);
    const after = restored.engine.lastAt ?? -Infinity;
    const events: SegEvent[] = engine.getState().history.filter((e) => e.at > after).map(({ name, at, props }) => ({ name, at, props }));
    const context: VisitContext = { ...engine.getContext(), visitor: 'returning' };
    const next = slot.replace(restored, context);
    slot.sync.discardHeld();
    for (const change of [next.tick(), events.length ? next.ingest(events) : null]) if (change) slot.sync.record(change);
    const change = next.changeFrom(shown);
    if (change) broadcast({ type: 'change', change });
    slot.settle(null);
  }

  function run(input: LifecycleInput, step: Step): Promise<void> {
    const done = queue.then(async () => {
      const { next, effects } = transition(phase, input);
      phase = next;
      for (const effect of effects) await perform[effect](step);
    });
    queue = done.catch(() => {});
    return done;
  }

  return {
    async start(options, tab) {
      await run({ type: 'start', consent: options.consent }, { tab, options });
      // What the tab shows from now on, as a change from nothing: the page applies it as it applies any change.
      return slot.engine().changeFrom([]) ?? { segments: [], entered: [], exited: [], cluster: null, holdouts: [], at: deps.now() };
    },
    setConsent: (consent, tab) => run({ type: 'setConsent', consent }, { tab }),
    forget: () => run({ type: 'forget' }, {}),
    slot,
    phase: () => phase,
    inspect() {
      const engine = slot.engine();
      const state: EngineState = engine.getState();
      return {
        memberships: engine.getMemberships(),
        features: engine.getFeatures(),
        modelVersion: slot.model.cached()?.model.version ?? null,
        recent: state.history.slice(-INSPECT_RECENT).map(({ name, at }) => ({ name, at })),
        rules: slot.rules().map((rule) => rule.id),
        rejected: [...slot.pageRules.rejected(), ...slot.model.rejected()],
        bot: engine.getBotReason(),
      };
    },
  };
}
