/**
 * The most entries one read goes through: a page that filled its `dataLayer` with more before seglet came
 * is read from its latest entries, so start-up stays short whatever the page did.
 */
export const MAX_ENTRIES = 500;

/**
 * Calls `listener` with each entry of the page's `dataLayer` (Google Tag Manager's, gtag's), once: first those
 * pushed before, then each later one as it is pushed. The array is created when the page has none yet, as
 * GTM's and gtag's snippets do (they reuse it). `push` is wrapped, keeping what the page's `push` returns and
 * throws: GTM replaces `push` too and calls the one it replaced, so either may wrap the other. Entries are read
 * by position, not from `push`'s arguments, so an entry that went in some other way (`Array.prototype.push`, a
 * `push` that does not chain) is read at the next push through the wrapper, and none is read twice. A listener
 * that throws stops nothing.
 *
 * @example
 * onDataLayer((entry) => console.log(entry));
 */
export function onDataLayer(listener: (entry: unknown) => void): void {
  const w = window as { dataLayer?: unknown };
  const layer = (w.dataLayer ??= []);
  if (!Array.isArray(layer)) return;
  let seen = 0;
  const read = () => {
    seen = Math.max(Math.min(seen, layer.length), layer.length - MAX_ENTRIES);
    while (seen < layer.length) {
      try {
        listener(layer[seen++]);
      } catch {
        // One entry seglet cannot read (a getter that throws): the others still count.
      }
    }
  };
  const push = layer.push;
  try {
    layer.push = function (this: unknown, ...entries: unknown[]) {
      seen = Math.min(seen, layer.length); // a page may empty its dataLayer: read on from its new end
      try {
        return push.apply(this, entries);
      } finally {
        read();
      }
    };
  } catch {
    // A frozen dataLayer: what is there already is all there is to read.
  }
  read();
}
