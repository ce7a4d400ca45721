import type { Call } from './client/createCaller';
import type { Explanation } from './engine/explainRule';
import type { Features } from './engine/featureNames';
import type { Membership, SegEvent, SegmentChange, VisitContext } from './engine/types';

/** Bumped on any incompatible change between the page script and the worker script. */
export const PROTOCOL_VERSION = 4;

/** Where the page finds the engine's host (`connect()`) when the worker script runs on the main thread (no Worker, or CSP). */
export const MAIN_THREAD_HOOK = '__segletEngine';

/**
 * `window[DEBUG_HOOK]`: a queue of {@link DebugEntry}s, one per instance that asked for the QA tools (`debug`,
 * `?seglet-debug`, `?seglet-force`). `seglet.debug.js` takes each (forces the link's segments, mounts the overlay)
 * and empties the queue.
 */
export const DEBUG_HOOK = '__segletDebug';

/** What an instance hands `seglet.debug.js`: its engine calls, its `on`, its tab's `force`, its `error` reporter, and its `debug` option (the overlay shows with it, or with `?seglet-debug`). */
export type DebugEntry = [
  call: Call,
  on: (type: 'change', listener: () => void) => unknown,
  force: (ids: string[]) => void,
  report: (code: ErrorCode, message: string) => void,
  debug: unknown,
];

/**
 * `window[INTEGRATIONS_HOOK]`: a queue of `[seglet, config]` pairs, one per instance configured with
 * `consent: 'tcf' | 'gcm'` or `dataLayer: true`. `seglet.integrations.js` starts them and empties the queue.
 */
export const INTEGRATIONS_HOOK = '__segletIntegrations';

/**
 * `window[VARIANTS_HOOK]`: a queue of callbacks, one per instance whose page has a variant slot;
 * `seglet.variants.js` hands each a slot renderer and empties the queue.
 */
export const VARIANTS_HOOK = '__segletVariants';

/** Consent states: `pending` keeps everything in memory, `denied` wipes and stores nothing. */
export type Consent = 'granted' | 'pending' | 'denied';

/** Machine-readable error codes delivered to `error` listeners. */
export type ErrorCode =
  | 'invalid_rule'
  | 'invalid_event'
  | 'invalid_argument'
  | 'model_unavailable'
  | 'model_invalid'
  | 'sync_failed'
  | 'sync_overflow'
  | 'storage_unavailable'
  | 'worker_unavailable'
  | 'timeout'
  | 'listener_error'
  | 'queue_overflow'
  | 'internal';

/** An error as data: crosses the worker boundary and reaches `error` listeners. */
export interface SegletError {
  code: ErrorCode;
  message: string;
}

/** What the page sends the worker at start-up. */
export interface StartOptions {
  model?: string;
  /** How often to revalidate the model, in milliseconds. */
  modelRefresh?: number;
  /** The sync endpoint. */
  sync?: string;
  /** The page's base URL: the worker resolves `model` and `sync` against it (one from a CDN runs from a blob). */
  base?: string;
  rules?: unknown[];
  consent: Consent;
  /** What only the page knows of the visit's context (the device class); the worker adds the rest. */
  context: VisitContext;
}

/** What the worker pushes to the page: changes, errors, consent given in another tab, and what sync has still to deliver. */
export type WorkerMessage =
  | { type: 'change'; change: SegmentChange }
  | { type: 'consent'; consent: Consent }
  | { type: 'error'; error: SegletError }
  | { type: 'outbox'; copy: UnloadCopy };

/** What sync has still to deliver, ready for the page to send as it goes (see `workers/unloadCopy.ts`). */
export interface UnloadCopy {
  /** The sync endpoint. */
  url: string;
  /** One request body per batch (or forget request), in order, within what `keepalive` may carry: JSON, typed as such. */
  bodies: Blob[];
  /** The batches among them, by id and number of changes: what the page seals as it hands them on. */
  sealed: { batchId: string; count: number }[];
}

/** What the debug overlay shows of the engine. Events appear by name and time only, never their props. */
export interface Inspection {
  memberships: Membership[];
  features: Features;
  /** The `version` of the model in force, or null when there is none. */
  modelVersion: string | null;
  /** The latest events, oldest first. */
  recent: { name: string; at: number }[];
  /** The ids of the rules in force, the page's and the model's. */
  rules: string[];
  /** Every rule rejected by validation, the page's and the model's, with the message its `invalid_rule` error carried. */
  rejected: { rule: string; message: string }[];
  /** Why the visitor is taken for a bot, in words (they are then in no segment), or null when they are not. */
  bot: string | null;
}

/**
 * One tab's connection to the engine, served by `workers/serve.ts` (every call is asynchronous across the
 * boundary). Tabs connected to one SharedWorker share the engine behind their connections.
 */
export interface EngineApi {
  hello(): number;
  /**
   * The first tab's start restores state and loads rules; a later tab's joins the running engine. Either
   * way the worker then posts {@link WorkerMessage}s on `port`.
   */
  start(options: StartOptions, port: MessagePort): Promise<SegmentChange>;
  ingest(events: SegEvent[]): void;
  getSegments(): Membership[];
  getContext(): VisitContext;
  explain(id: string): Explanation;
  /** For the debug overlay: memberships, features, model version, recent events, rule ids, rejected rules and the bot verdict. */
  inspect(): Inspection;
  setConsent(consent: Consent): Promise<void>;
  flush(): Promise<void>;
  /** Revalidates the model now (it is also revalidated at start-up and every `modelRefresh`). */
  refreshModel(): Promise<void>;
  /** Keeps only the SHA-256 hex of `salt + id` as the user id; the raw id is never stored or sent. */
  identify(id: string, salt: string): Promise<void>;
  /**
   * The page is going and has handed these batches on itself: none of them may gain changes from now on
   * (changes made since go in a batch of their own).
   */
  seal(sent: { batchId: string; count: number }[]): void;
  /** Wipes everything on the device, exits every segment and tells the sync endpoint to forget the visitor. */
  forget(): Promise<void>;
}
