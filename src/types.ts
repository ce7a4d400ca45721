import type { Model as ParsedModel } from './engine/modelSchema';
import type { Rule } from './engine/rule';
import type { Membership, Scalar, SegmentChange } from './engine/types';
import type { Explanation } from './engine/explainRule';
import type { Consent, SegletError } from './protocol';

export type { Condition, Comparison, Duration, Matcher, Rule, SequenceStep, Where } from './engine/rule';
export type { Membership, Scalar, SegEvent, SegmentChange, SegmentSource } from './engine/types';
export type { Consent, ErrorCode, SegletError } from './protocol';
export type { ConditionExplanation, Explanation } from './engine/explainRule';
export type { FeatureName, Features } from './engine/featureNames';
export type { SignalName } from './engine/features/sessionSignals';
export type { ForgetRequest, SyncBatch, SyncChange, SyncPayload } from './engine/syncSchema';

/**
 * A model as the `model` URL serves it (DESIGN "Model"), for code that writes one. `rules` are rules; the SDK
 * checks each on its own and leaves an invalid one out (with an `error`) rather than refusing the model.
 */
export type Model = Omit<ParsedModel, 'rules'> & { rules?: Rule[] };

/** Options of {@link createSeglet}. Every field is optional. */
export interface SegletConfig {
  /** URL of the model (centroids, scaler, rules, weights). */
  model?: string;
  /** How often the model is revalidated after start-up, in milliseconds (default one hour). */
  modelRefresh?: number;
  /** URL of the sync endpoint. */
  sync?: string;
  /** Local rules, merged with the model's (the model wins on the same id). */
  rules?: Rule[];
  /**
   * Consent state at start. Default `'granted'`, or `'pending'` with `requireConsent`. `'tcf'` or `'gcm'` start
   * `'pending'` and follow the site's IAB TCF v2.2 CMP or Google Consent Mode v2 from then on (README "Consent
   * from the site's CMP"); `seglet.integrations.js` is then loaded from next to the SDK.
   */
  consent?: Consent | ConsentSource;
  /** Makes `'pending'` the default consent state. */
  requireConsent?: boolean;
  /** URL of `seglet.worker.js`, when it is not served next to the SDK. */
  worker?: string;
  /** Salt for `identify()`: the user id kept and sent is SHA-256(salt + id) in hex. */
  identitySalt?: string;
  /** Whether `navigator.globalPrivacyControl` turns sync off (default true). */
  honorGlobalPrivacyControl?: boolean;
  /**
   * Which bot signals count. `webdriver` (default true) counts `navigator.webdriver` as a bot; `behaviour`
   * (default true) counts clicks under 50 ms apart, click bursts, page-view spikes and sessions with no
   * interaction. Tests of a site turn both off: `{ webdriver: false, behaviour: false }`.
   */
  bot?: { webdriver?: boolean; behaviour?: boolean };
  /**
   * Shows the debug overlay (segments, features, recent events, model version, `explain()` of each rule),
   * loaded from `seglet.debug.js` next to the SDK. `?seglet-debug` in the page's URL turns it on too.
   */
  debug?: boolean;
  /**
   * The longest personalized slots (`data-seglet-show`, `data-seglet-hide`, `data-seglet-slot`) stay hidden
   * while the engine's first answer is pending, in milliseconds (default 500; 0 hides nothing).
   */
  prehide?: number;
  /**
   * Mirrors the personalized segment ids (control groups left out) in the first-party cookie
   * `seglet_segments` (ids joined by `.`), for a server or edge to personalize the first byte. Only with consent.
   */
  cookie?: boolean;
  /**
   * Reads the GA4 commerce events the site pushes to its Google Tag Manager / gtag `dataLayer`, earlier pushes
   * included, as seglet events (README "Events from the dataLayer"); loads `seglet.integrations.js`.
   */
  dataLayer?: boolean;
}

/** Where `consent: 'tcf' | 'gcm'` takes consent from: an IAB TCF v2.2 CMP, or Google Consent Mode v2. */
export type ConsentSource = 'tcf' | 'gcm';

/** Payloads of the events host code can listen to, by event name: what a listener of {@link Seglet.on} gets. */
export interface SegletEvents {
  change: SegmentChange;
  enter: { segment: string };
  exit: { segment: string };
  error: SegletError;
  ready: undefined;
}

/** A running seglet instance. Every method is safe to call at any time and never throws. */
export interface Seglet {
  /**
   * Listens to `change`, `enter`, `exit`, `error` or `ready`; returns the unsubscribe function. Delivered
   * asynchronously, so a listener added right after start-up still hears about it; a `ready` listener added
   * after `ready` is called at once.
   *
   * @example
   * const off = seglet.on('enter', (e) => console.log('entered', e.segment));
   */
  on<K extends keyof SegletEvents>(type: K, listener: (event: SegletEvents[K]) => void): () => void;
  /**
   * Records a custom event with flat JSON props (strings, numbers, booleans, null).
   *
   * @example
   * seglet.track('add_to_cart', { sku: 'A1', price: 49 });
   */
  track(name: string, props?: Record<string, Scalar>): void;
  /** Records a page view by hand (SPA navigation through the History API is captured already). */
  page(): void;
  /** Whether the visitor is in a segment now, from the last known state. Synchronous. */
  has(segment: string): boolean;
  /** The current memberships, from the engine. */
  segments(): Promise<Membership[]>;
  /** Why the visitor is in or out of a segment: each condition with its current value and verdict. */
  explain(segment: string): Promise<Explanation | undefined>;
  /** Identifies the visitor; only the SHA-256 hex of the id (salted with `identitySalt`) is stored or synced. */
  identify(id: string): Promise<void>;
  /**
   * Forces segments on this tab, for QA (as `?seglet-force=a,b` does): they count as entered for listeners,
   * `has()` and the page, but not for the engine, sync or caches. `null` or `[]` ends it.
   */
  force(ids: string[] | null): void;
  /** Wipes everything seglet keeps on the device, exits every segment and tells the sync endpoint to forget. */
  forget(): Promise<void>;
  /** Changes the consent state. */
  consent(state: Consent): void;
  /** Hands pending events to the engine and persists state now. */
  flush(): Promise<void>;
  /** Stops capturing, releases the worker and removes every listener. */
  destroy(): void;
}
