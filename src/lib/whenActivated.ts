/**
 * Runs `callback` once the page is activated: at once for a normal load, on `prerenderingchange` for a
 * prerendered page, so a prerender the visitor never sees is not counted as a page view.
 */
export function whenActivated(callback: () => void): void {
  if ((document as Document & { prerendering?: boolean }).prerendering) {
    document.addEventListener('prerenderingchange', callback, { once: true });
  } else {
    callback();
  }
}
