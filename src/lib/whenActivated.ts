/**
 * Runs `callback` once the page is activated: at once for a normal load, on `prerenderingchange` for a
 * prerendered page, so a prerender the visitor never sees is not counted as a page view. Returns a
 * function that cancels a call still waiting for activation.
 */
export function whenActivated(callback: () => void): () => void {
  if ((document as Document & { prerendering?: boolean }).prerendering) {
    document.addEventListener('prerenderingchange', callback, { once: true });
    return () => document.removeEventListener('prerenderingchange', callback);
  }
  callback();
  return () => {};
}
