import { createHost } from './createHost';
import { MAIN_THREAD_HOOK } from '../src/protocol';
import { serve } from './serve';
import { deleteStorage, openStorage } from './storage';

const scope = globalThis as unknown as Record<string, unknown>;
const host = createHost({
  now: Date.now,
  openStorage,
  deleteStorage,
  fetch: (...args) => fetch(...args),
  language: navigator.language,
  uuid: () => crypto.randomUUID(),
  onOnline: (callback) => addEventListener('online', callback),
});

if ('document' in scope) {
  // Loaded as a classic <script>: the page's fallback picks the same engine up from here.
  scope[MAIN_THREAD_HOOK] = host;
} else if ('onconnect' in scope) {
  // A SharedWorker: every tab of the origin connects here, to one engine.
  addEventListener('connect', (event) => serve(host.connect(), (event as MessageEvent).ports[0]));
} else {
  serve(host.connect());
}
