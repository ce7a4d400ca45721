import { createInstance } from './createInstance';
import type { Seglet, SegletConfig } from './types';

/**
 * Starts seglet in the page: captures the visitor's clickstream, runs the engine in a Web Worker
 * (`seglet.worker.js`, found next to this module, as is the debug overlay's `seglet.debug.js`; bundlers that
 * understand `new URL(…, import.meta.url)` copy them for you) and keeps segments in step with host code and the DOM.
 * Never throws: faults are reported through the `error` event.
 *
 * @example
 * const seglet = createSeglet({ model: '/seglet/model.json' });
 * seglet.on('enter', (e) => console.log('entered', e.segment));
 */
export function createSeglet(config: SegletConfig = {}): Seglet {
  return createInstance(config, config.worker ?? defaultWorkerUrl(), debugUrl());
}

/** Next to this module; `import.meta.url` is empty where a bundler emits a classic script (then `worker` is needed). */
function defaultWorkerUrl(): string {
  try {
    return new URL('./seglet.worker.js', import.meta.url).href;
  } catch {
    return './seglet.worker.js';
  }
}

/** The debug overlay's script, next to this module as the worker is (spelled out: bundlers copy it then). */
function debugUrl(): string {
  try {
    return new URL('./seglet.debug.js', import.meta.url).href;
  } catch {
    return './seglet.debug.js';
  }
}
