import { addListener } from './addListener';

/**
 * Runs `callback` once the page is activated: at once for a normal load, on `prerenderingchange` for a
 * prerendered page, so a prerender the visitor never sees is not counted as a page view. Returns a
 * function that cancels a call still waiting for activation.
 */
export function whenActivated(callback: () => void): () => void {
  if ((document as Document & { prerendering?: boolean }).prerendering) {
    // Through the listener helper the tracker already carries; it removes itself, so the callback runs once.
    const stop = addListener(document, 'prerenderingchange', () => (stop(), callback()));
    return stop;
  }
  callback();
  return () => {};
}
