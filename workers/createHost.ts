import { eventSchema } from '../src/engine/eventSchema';
import type { SegEvent } from '../src/engine/types';
import { PROTOCOL_VERSION, type EngineApi, type SegletError, type WorkerMessage } from '../src/protocol';
import { checkCall } from './checkCall';
import { createLifecycle, type Tab } from './createLifecycle';
import type { Storage } from './storage';

/** Events one call may carry at most: far more than a page queues while the engine starts. */
const MAX_EVENTS_PER_CALL = 10_000;

export interface WorkerDeps {
  now: () => number;
  openStorage: () => Promise<Storage>;
  deleteStorage: () => Promise<void>;
  fetch: typeof fetch;
  /** The browser's language (`navigator.language` in the worker). */
  language: string;
  uuid: () => string;
  /** Subscribes to the network coming back. */
  onOnline: (callback: () => void) => void;
}

/** The engine shared by every tab that connects: one state, one sync, one set of timers. */
export interface Host {
  /** A tab's view of the engine: calls from it, and the messages it is sent. */
  connect(): EngineApi;
}

/** SHA-256 of a string, as lowercase hex. */
async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The worker's side of the boundary: every tab's calls, checked, into the visitor's lifecycle; every fault
 * reported to the page as data instead of thrown. In a SharedWorker every tab of the origin connects to the
 * same host, so events from all of them count toward the same rules, every tab hears every change, and one
 * sync delivers each change once.
 *
 * Invariants: changes, model and sync faults go to every tab; a fault in one tab's call (a bad event, a bad
 * argument, a bad page rule) goes to that tab alone, and a call with a bad argument changes nothing.
 */
export function createHost(deps: WorkerDeps): Host {
  const tabs = new Set<Tab>();
  const broadcast = (message: WorkerMessage, except?: Tab) => tabs.forEach((tab) => tab !== except && tab.postMessage(message));
  const lifecycle = createLifecycle(deps, broadcast);
  const { slot } = lifecycle;

  return {
    connect() {
      let tab: Tab | undefined;
      /** A fault of this tab's own call: reported to it alone. */
      const tell = (error: SegletError) => tab?.postMessage({ type: 'error', error } satisfies WorkerMessage);
      const api: EngineApi = {
        hello: () => PROTOCOL_VERSION,
        async start(options, port) {
          tab = port;
          tabs.add(port);
          port.addEventListener('close', () => tabs.delete(port));
          return lifecycle.start(options, port);
        },
        // Posted one way (nothing waits for a reply to report it): every fault is this tab's `error` message.
        ingest(events) {
          try {
            const valid: SegEvent[] = [];
            const list = Array.isArray(events) ? events : [events];
            if (list.length > MAX_EVENTS_PER_CALL) return tell({ code: 'invalid_event', message: `${list.length} events in one call; at most ${MAX_EVENTS_PER_CALL}` });
            for (const event of list) {
              const result = eventSchema.safeParse(event);
              if (result.success) valid.push(result.data);
              else tell({ code: 'invalid_event', message: `event rejected: ${JSON.stringify(event)?.slice(0, 120)}` });
            }
            if (valid.length) slot.settle(slot.engine().ingest(valid));
          } catch (e) {
            tell({ code: 'internal', message: `ingest: ${e}` });
          }
        },
        getSegments: () => slot.engine().getMemberships(),
        getContext: () => slot.engine().getContext(),
        explain: (id) => slot.engine().explain(id),
        inspect: () => lifecycle.inspect(),
        setConsent: (next) => lifecycle.setConsent(next, tab),
        async flush() {
          // Delivery goes on in the background; the batch is in the outbox that is saved now.
          slot.sync.flush();
          await slot.persistence.save();
        },
        refreshModel: async () => slot.model.refresh(),
        seal: (sent) => slot.sync.seal(sent),
        async identify(id, salt) {
          const { anonymousId } = slot.visitor.ids();
          const hash = await sha256Hex(salt + id);
          // A forget() while hashing made a new visitor: the forgotten one's user id must not come back with it.
          if (slot.visitor.ids().anonymousId === anonymousId) slot.visitor.identify(hash);
        },
        forget: () => lifecycle.forget(),
      };
      return checked(api, tell, () => tab);
    },
  };
}

/**
 * `api` with every call's arguments checked first ({@link checkCall}): a call with a bad argument is told
 * to its tab as `invalid_argument` (to the port it passes, for a start) and runs nothing; with no port to
 * tell, the call itself fails with the error's message.
 */
function checked(api: EngineApi, tell: (error: SegletError) => void, tab: () => Tab | undefined): EngineApi {
  const guarded: Record<string, (...args: unknown[]) => unknown> = {};
  for (const [method, call] of Object.entries(api) as [keyof EngineApi, (...args: unknown[]) => unknown][]) {
    guarded[method] = (...args) => {
      const result = checkCall(method, args);
      if ('args' in result) return call(...result.args);
      const port = (method === 'start' && portIn(args[1])) || tab();
      if (!port) return Promise.reject(new Error(`invalid_argument: ${result.error.message}`));
      if (port === tab()) tell(result.error);
      else port.postMessage({ type: 'error', error: result.error } satisfies WorkerMessage);
      return Promise.resolve(undefined);
    };
  }
  return guarded as unknown as EngineApi;
}

/** `value` when it is a port the worker can post to, else undefined (never throws). */
function portIn(value: unknown): Tab | undefined {
  try {
    return typeof (value as Tab | null)?.postMessage === 'function' ? (value as Tab) : undefined;
  } catch {
    return undefined;
  }
}
