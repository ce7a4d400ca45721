import type { Engine } from '../src/engine/createEngine';
import type { Model } from '../src/engine/modelSchema';
import type { SegmentChange } from '../src/engine/types';
import type { SegletError } from '../src/protocol';
import { createSync, type ForgetRequest, type Sync, type SyncBatch, type SyncChange, type VectorMark } from './createSync';

/** Changes held while sync may not send (consent pending), at most: more than a visit makes; past it the oldest go. */
export const MAX_HELD_CHANGES = 1000;

/**
 * Sync as the worker drives it: the engine's changes and state, in sync's format. It is in one of three
 * modes, which the visitor's lifecycle sets (consent is decided there, not here): sending (`start`),
 * holding changes in memory until it may send (`hold`), or dropping them (`stop`).
 */
export interface SyncLink {
  /**
   * (Re)starts sending to `url` (to none without one), from `outbox`: batches an earlier page left go out
   * now, and the changes held since `hold()` go in the first batch. `mark` is the last vector an earlier
   * page's sync sent ({@link SyncLink.mark}), as it was saved.
   */
  start(url: string | undefined, outbox: (SyncBatch | ForgetRequest)[] | undefined, mark?: unknown): void;
  /** The last feature vector a batch carried, to save with the state (see {@link Sync.mark}). */
  mark(): VectorMark | null;
  /** Ends sending (nothing is posted from now on, not even a batch under way) and keeps new changes in memory. */
  hold(): void;
  /** Ends sending and drops everything not yet sent, held changes included; new changes are dropped too. */
  stop(): void;
  /** Drops the changes held so far (a returning visitor's stored state replaces them). */
  discardHeld(): void;
  /** Reports a change: one sync entry per segment entered or exited. */
  record(change: SegmentChange): void;
  /** Sends what is pending now; delivery goes on in the background. */
  flush(): void;
  /** A page handed these batches on as it went: none of them may gain changes now (see {@link Sync.seal}). */
  seal(sent: { batchId: string; count: number }[]): void;
}

/**
 * Builds the sync link, holding. `engine`, `model` and `anonymousId` are read when a batch is made: each can
 * be replaced (a start, a new model) while sync runs.
 */
export function createSyncLink(deps: {
  fetch: typeof fetch;
  uuid: () => string;
  fail: (error: SegletError) => void;
  /**
   * Keeps what is still to be delivered with the visitor's state: the outbox, and the pending changes as the
   * batch they will become (the engine state saved alongside already reflects them).
   */
  persist: (outbox: (SyncBatch | ForgetRequest)[]) => void;
  /** Calls back whenever the network comes back (the worker's `online` event). */
  onOnline: (callback: () => void) => void;
  /** Hands the page what is still to be delivered, for it to send itself if the page is left. */
  mirror: (url: string, batches: (SyncBatch | ForgetRequest)[]) => void;
  engine: () => Engine;
  model: () => Model | undefined;
  anonymousId: () => string;
  userId: () => string | null;
}): SyncLink {
  let sync: Sync | undefined;
  let syncUrl = '';
  /** Changes made while holding: they go in the first batch once sending starts. */
  let held: SyncChange[] | null = [];
  deps.onOnline(() => sync?.resume());

  /** Ends the running sync: what it had still to send is dropped, here and in the page's copy for unload. */
  function end(): void {
    if (!sync) return;
    sync.stop();
    sync = undefined;
    deps.mirror(syncUrl, []);
    deps.persist([]);
  }

  /** A change as sync reports it: one entry per segment entered or exited. */
  function changesOf(change: SegmentChange): SyncChange[] {
    const source = (id: string) => (deps.model()?.centroids?.some((c) => c.id === id) ? 'cluster' : 'rule');
    return [
      ...change.exited.map((id) => ({ id, op: 'exit' as const, at: change.at, source: source(id) })),
      ...change.entered.map((id) => ({ id, op: 'enter' as const, at: change.at, source: source(id), ...(change.holdouts.includes(id) && { holdout: true }) })),
    ] as SyncChange[];
  }

  /** What a sync batch carries besides its changes; a feature vector only when the model asks for it. */
  function snapshot() {
    const model = deps.model();
    const engine = deps.engine();
    const features = engine.getFeatures();
    return {
      anonymousId: deps.anonymousId(),
      userId: deps.userId(),
      modelVersion: model?.version ?? null,
      bot: features.bot_score >= 0.5,
      segments: engine.getMemberships().map(({ id, source, since, expiresAt, holdout }) => ({ id, source, since, expiresAt, ...(holdout && { holdout }) })),
      ...(model?.collectFeatures && { features }),
    };
  }

  return {
    start(url, outbox, mark) {
      end();
      const changes = held ?? [];
      held = null;
      if (!url) return;
      syncUrl = url;
      const { fetch, fail, uuid } = deps;
      const running: Sync = (sync = createSync({
        url, fetch, outbox: outbox ?? [], snapshot, fail, uuid, mark,
        // Both hand over what is still to deliver as data: the outbox with the pending batch.
        persist: () => deps.persist(running.preview()),
        onChange: () => (deps.mirror(url, running.preview()), deps.persist(running.preview())),
        allowed: () => sync === running,
      }));
      if (changes.length) running.record(changes);
      if (running.outbox().length) (deps.mirror(url, running.preview()), void running.flush());
      deps.persist(running.preview());
    },
    hold: () => void (end(), (held ??= [])),
    stop: () => void (end(), (held = null)),
    record(change) {
      if (sync) sync.record(changesOf(change));
      else if (held) (held.push(...changesOf(change)), held.splice(0, held.length - MAX_HELD_CHANGES));
    },
    discardHeld: () => void (held &&= []),
    mark: () => sync?.mark() ?? null,
    flush: () => void sync?.flush(),
    seal: (sent) => sync?.seal(sent),
  };
}
