import { expose } from 'comlink';
import { createWorkerApi } from './createWorkerApi';
import { MAIN_THREAD_HOOK } from '../src/protocol';
import { deleteStorage, openStorage } from './storage';

const api = createWorkerApi({
  now: Date.now,
  openStorage,
  deleteStorage,
  fetch: (...args) => fetch(...args),
  language: navigator.language,
  uuid: () => crypto.randomUUID(),
  onOnline: (callback) => addEventListener('online', callback),
});

if (typeof document === 'undefined') {
  expose(api);
} else {
  // Loaded as a classic <script>: the page's fallback picks the same engine up from here.
  (globalThis as unknown as Record<string, unknown>)[MAIN_THREAD_HOOK] = api;
}
