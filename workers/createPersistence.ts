import type { EngineState } from '../src/engine/createEngine';
import type { SegletError } from '../src/protocol';
import type { CachedModel } from './createModelSource';
import type { SavedPageRule } from './createPageRules';
import type { ForgetRequest, SyncBatch, VectorMark } from './createSync';
import type { Storage } from './storage';

/** Coalesces IndexedDB writes: state is saved this long after the last change, not once per event. */
const SAVE_DELAY_MS = 1000;

/** What the worker keeps in IndexedDB, under the key `state`. */
export interface Persisted {
  v: 1;
  engine: EngineState;
  /** The last good model: in force from start-up, before the network answers. */
  model?: CachedModel;
  /** The visitor's random id: the only id sync sends before `identify()`. */
  anonymousId?: string;
  /** SHA-256 hex of the id given to `identify()` (salted when configured): never the raw id. */
  userId?: string | null;
  /** Sync batches not yet acknowledged by the endpoint. */
  outbox?: (SyncBatch | ForgetRequest)[];
  /** The page rules remembered from page to page. */
  pageRules?: SavedPageRule[];
  /** The last feature vector a sync batch carried, and when: a batch with only a vector waits for a new one. */
  syncMark?: VectorMark | null;
}

/** The worker's state on the device: nothing is stored until `open()` succeeds, and nothing after `close()`. */
export interface Persistence {
  /** Opens storage and reads the saved state; on failure reports it, and state stays in memory only. */
  open(): Promise<Persisted | undefined>;
  /** Saves now, in place of a pending save. A failure is reported, not thrown. */
  save(): Promise<void>;
  /** Saves {@link SAVE_DELAY_MS} after the first change since the last save (while storage is open). */
  saveSoon(): void;
  /**
   * What sync has still to deliver, to save with the state from now on (soon): the outbox, and the pending
   * changes as the batch they will become. The engine state saved alongside already reflects those changes.
   */
  keepOutbox(outbox: (SyncBatch | ForgetRequest)[]): void;
  /** Stops saving (consent withdrawn): drops the pending save and lets go of storage. */
  close(): void;
  /** Deletes the database; a failure is ignored: there is nothing to keep safe in it any more. */
  erase(): Promise<void>;
}

/**
 * Builds the worker's persistence over `openStorage`/`deleteStorage`; `state` (all but the outbox, which
 * sync hands over as data) is read at each save.
 *
 * @example
 * const persistence = createPersistence(deps, () => ({ v: 1, engine: engine.getState() }), fail);
 * const restored = await persistence.open();
 */
export function createPersistence(
  deps: { openStorage: () => Promise<Storage>; deleteStorage: () => Promise<void> },
  state: () => Omit<Persisted, 'outbox'>,
  fail: (error: SegletError) => void,
): Persistence {
  let storage: Storage | null = null;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let outbox: (SyncBatch | ForgetRequest)[] = [];

  async function save(): Promise<void> {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    const persisted: Persisted = { ...state(), outbox };
    await storage?.put('state', persisted).catch((e: unknown) => fail(storageError(e)));
  }

  const saveSoon = () => void (storage && !saveTimer && (saveTimer = setTimeout(save, SAVE_DELAY_MS)));
  return {
    async open() {
      try {
        storage = await deps.openStorage();
        return await storage.get<Persisted>('state');
      } catch (e) {
        storage = null;
        fail(storageError(e));
        return undefined;
      }
    },
    save,
    saveSoon,
    keepOutbox(next) {
      outbox = [...next];
      saveSoon();
    },
    close() {
      // The cleared timer's id stays: `saveSoon` schedules nothing until the next `save()`, even once reopened.
      clearTimeout(saveTimer);
      storage = null;
    },
    erase: () => deps.deleteStorage().catch(() => {}),
  };
}

function storageError(e: unknown): SegletError {
  return { code: 'storage_unavailable', message: `IndexedDB unavailable, state kept in memory only: ${String(e)}` };
}
