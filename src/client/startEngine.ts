import type { SegEvent, SegmentChange } from '../engine/types';
import type { Consent, ErrorCode, StartOptions, WorkerMessage } from '../protocol';
import { getDevice } from '../tracker/getDevice';
import type { SegletConfig } from '../types';
import { connectEngine, type Connection } from './connectEngine';
import type { Call } from './createCaller';

/**
 * Events kept while the engine starts, at most: a start takes well under a second, and a few hundred events
 * is minutes of browsing. Past it (an engine that never answers) the oldest go, and `error` says so once.
 */
export const MAX_QUEUED_EVENTS = 500;

/** The engine as the page uses it: calls (made once it has started), events (kept until then), and its end. */
export interface EngineLink {
  call: Call;
  send(events: SegEvent[]): void;
  close(): void;
}

/**
 * Starts the engine from `workerUrl` and connects this tab to it: what the worker posts goes to `onMessage`,
 * what the tab shows from the start to `onStart`. Calls and events made before it answers wait (events in a
 * bounded queue); if it never starts, they are dropped and `error` says why, once.
 */
export function startEngine(
  config: SegletConfig,
  workerUrl: string,
  consent: () => Consent,
  onMessage: (message: WorkerMessage) => void,
  onStart: (restored: SegmentChange) => void,
  report: (code: ErrorCode, message: string) => void,
): EngineLink {
  /** Undefined while starting; null once it failed. */
  let connection: Connection | null | undefined;
  let queue: SegEvent[] = [];
  let overflowed = false;

  // A start that fails (no worker, or one that never answers `start`) leaves calls answered with nothing and events dropped.
  const started = connectEngine(config.worker ?? workerUrl)
    .then(async (c) => {
      const { port1, port2 } = new MessageChannel();
      port1.onmessage = ({ data }: MessageEvent<WorkerMessage>) => onMessage(data);
      onStart(await c.call('start', [startOptions(config, consent()), port2], [port2]));
      c.send(queue.splice(0));
      return (connection = c);
    })
    .catch((e) => {
      connection = null;
      queue = [];
      report('worker_unavailable', `engine failed to start: ${e}`);
    });

  return {
    call: (method, args) =>
      started
        .then((c) => c?.call(method, args))
        // A DOMException's numeric `code` (a value that cannot be cloned) is no error code of ours.
        .catch((e) => report(typeof e.code == 'string' ? e.code : 'internal', `${method}: ${e.message}`)) as never,
    send(events) {
      if (connection) connection.send(events);
      else if (connection === undefined && queue.push(...events) > MAX_QUEUED_EVENTS) {
        queue.splice(0, queue.length - MAX_QUEUED_EVENTS);
        // Said once: the queue stays full for as long as the engine does not answer.
        if (!overflowed) report('queue_overflow', `engine not started: events before the latest ${MAX_QUEUED_EVENTS} dropped`);
        overflowed = true;
      }
    },
    close: () => void started.then((c) => c?.close()),
  };
}

/**
 * What the worker is told at start: the page's URLs and its base URL, to resolve them against (a worker from a
 * CDN runs from a blob, with no base URL of its own), consent, context. What the page's navigator says is read
 * here: a browser extension that sets Global Privacy Control, or a test that unsets `webdriver`, does it in the page.
 */
function startOptions(config: SegletConfig, consent: Consent): StartOptions {
  const { model, modelRefresh, rules, bot } = config;
  // Global Privacy Control is a visitor's standing "do not share": no sync unless the host says otherwise.
  const gpc = (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl && config.honorGlobalPrivacyControl !== false;
  // navigator.webdriver is an automated browser's own admission; tests of a site turn it off.
  const webdriver = bot?.webdriver !== false && navigator.webdriver;
  return { model, modelRefresh, rules, sync: gpc ? undefined : config.sync, base: document.baseURI, consent, context: { device: getDevice(), webdriver, bot_behaviour: bot?.behaviour !== false } };
}
