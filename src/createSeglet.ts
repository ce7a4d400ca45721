import { createInstance } from './createInstance';
import type { Seglet, SegletConfig } from './types';

/**
 * Starts seglet in the page: captures the visitor's clickstream, runs the engine in a Web Worker
 * (`seglet.worker.js`, found next to this module; bundlers that understand
 * `new URL(…, import.meta.url)` copy it for you) and keeps segments in step with host code and the DOM.
 * Never throws: faults are reported through the `error` event.
 *
 * @example
 * const seglet = createSeglet({ model: '/seglet/model.json' });
 * seglet.on('enter', (e) => console.log('entered', e.segment));
 */
export function createSeglet(config: SegletConfig = {}): Seglet {
  return createInstance(config, config.worker ?? defaultWorkerUrl());
}

/** Next to this module; `import.meta.url` is empty where a bundler emits a classic script (then `worker` is needed). */
function defaultWorkerUrl(): string {
  try {
    return new URL('./seglet.worker.js', import.meta.url).href;
  } catch {
    return './seglet.worker.js';
  }
}
