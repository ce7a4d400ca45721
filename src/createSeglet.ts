import { createInstance } from './createInstance';
import type { Seglet, SegletConfig } from './types';

/**
 * Starts seglet in the page: captures the visitor's clickstream, runs the engine in a Web Worker
 * (`seglet.worker.js`, found next to this module, as are the debug overlay's `seglet.debug.js` and the CMP and
 * dataLayer integrations' `seglet.integrations.js`; bundlers that understand `new URL(…, import.meta.url)` copy
 * them for you) and keeps segments in step with host code and the DOM.
 * Never throws: faults are reported through the `error` event.
 *
 * @example
 * const seglet = createSeglet({ model: '/seglet/model.json' });
 * seglet.on('enter', (e) => console.log('entered', e.segment));
 */
export function createSeglet(config: SegletConfig = {}): Seglet {
  // Each URL is spelled out in full: that is the expression bundlers look for to copy the file.
  const files = {
    worker: () => new URL('./seglet.worker.js', import.meta.url),
    debug: () => new URL('./seglet.debug.js', import.meta.url),
    variants: () => new URL('./seglet.variants.js', import.meta.url),
    integrations: () => new URL('./seglet.integrations.js', import.meta.url),
  };
  const url = (file: keyof typeof files) => near(files[file], `./seglet.${file}.js`);
  return createInstance(config, url);
}

/** A file next to this module; `import.meta.url` is empty where a bundler emits a classic script (then `worker` is needed). */
function near(url: () => URL, fallback: string): string {
  try {
    return url().href;
  } catch {
    return fallback;
  }
}
