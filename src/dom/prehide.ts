/** The longest personalized slots stay hidden while the engine's first answer is pending, by default. */
export const PREHIDE_MS = 500;

/** What is hidden while a decision is pending: only personalized slots, never the page. */
const PREHIDE_CSS = '[data-seglet-show],[data-seglet-hide],[data-seglet-slot]{visibility:hidden!important}';

/**
 * Hides personalized slots (keeping their space, so nothing shifts) until what they wait for is there (the
 * engine's first answer; the variant renderer, on a page with variants) or `budgetMs` passes, whichever comes
 * first: a slow or failing engine never keeps content hidden for longer. Returns `wait()`: each call registers
 * one thing to wait for and returns its `done()` (one-shot). A constructed style sheet, so that a CSP without
 * `'unsafe-inline'` styles allows it. `budgetMs: 0` turns it off.
 */
export function startPrehide(budgetMs = PREHIDE_MS): () => () => void {
  const sheets = document.adoptedStyleSheets;
  if (!budgetMs || !sheets) return () => () => {};
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(PREHIDE_CSS);
  document.adoptedStyleSheets = [...sheets, sheet];
  const end = () => {
    clearTimeout(timer);
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  };
  const timer = setTimeout(end, budgetMs);
  let waiting = 0;
  return () => {
    let done = false;
    waiting++;
    return () => {
      if (!done && !--waiting) end();
      done = true;
    };
  };
}
