import type { Engine } from '../src/engine/createEngine';
import type { Model } from '../src/engine/modelSchema';
import type { SegmentChange } from '../src/engine/types';
import type { SegletError } from '../src/protocol';
import { createSync, type ForgetRequest, type Sync, type SyncBatch, type SyncChange } from './createSync';

/** Sync as the worker drives it: the engine's changes and state, in sync's format. */
export interface SyncLink {
  /** (Re)starts sync to `url`; none without a url or consent. Batches an earlier page left go out now. */
  start(url: string | undefined, outbox: (SyncBatch | ForgetRequest)[] | undefined): void;
  /** Drops the changes held while consent was pending (a returning visitor's stored state replaces them). */
  discardHeld(): void;
  /** Reports a change: one sync entry per segment entered or exited. */
  record(change: SegmentChange): void;
  /**
   * What to save with the visitor's state: the outbox, and the pending changes as the batch they will become.
   * The engine state saved alongside already reflects those changes, so they must not be lost with the page.
   */
  outbox(): (SyncBatch | ForgetRequest)[] | undefined;
  /** Sends what is pending now; delivery goes on in the background. */
  flush(): void;
  /** A page handed these batches on as it went: none of them may gain changes now (see {@link Sync.seal}). */
  seal(sent: { batchId: string; count: number }[]): void;
}

/**
 * Builds the sync link. `engine`, `model` and `anonymousId` are read when a batch is made: each can be
 * replaced (a start, a new model) while sync runs.
 */
export function createSyncLink(deps: {
  fetch: typeof fetch;
  uuid: () => string;
  fail: (error: SegletError) => void;
  /** Whether consent allows sync now. */
  granted: () => boolean;
  /** Whether consent is still to be given: changes wait in memory for it. */
  pending: () => boolean;
  /** Saves the outbox soon. */
  persist: () => void;
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
  /** Changes made while consent was pending: they go in the first batch after it is granted. */
  let held: SyncChange[] = [];
  deps.onOnline(() => sync?.resume());

  /** Ends the running sync: what it had still to send is dropped, here and in the page's copy for unload. */
  function stop(): void {
    if (!sync) return;
    sync.stop();
    sync = undefined;
    deps.mirror(syncUrl, []);
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
    start(url, outbox) {
      stop();
      if (!url || !deps.granted()) return void (deps.pending() || (held = []));
      syncUrl = url;
      const { fetch, fail, uuid, persist, granted: allowed } = deps;
      const onChange = () => deps.mirror(url, (allowed() && sync?.preview()) || []);
      sync = createSync({ url, fetch, outbox: outbox ?? [], snapshot, persist, fail, uuid, onChange, allowed });
      if (held.length) sync.record(held.splice(0));
      if (sync.outbox().length) (onChange(), void sync.flush());
    },
    record(change) {
      // Consent withdrawn: neither this change (the exits that denial causes) nor anything still unsent leaves.
      if (deps.granted()) sync?.record(changesOf(change));
      else if (deps.pending()) held.push(...changesOf(change));
      else (stop(), (held = []));
    },
    discardHeld: () => void (held = []),
    outbox: () => sync?.preview(),
    flush: () => void sync?.flush(),
    seal: (sent) => sync?.seal(sent),
  };
}
