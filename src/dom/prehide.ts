/** The longest personalized slots stay hidden while the engine's first answer is pending, by default. */
export const PREHIDE_MS = 500;

/** What is hidden while a decision is pending: only personalized slots, never the page. */
const PREHIDE_CSS = '[data-seglet-show],[data-seglet-hide],[data-seglet-slot]{visibility:hidden!important}';

/**
 * Hides personalized slots (keeping their space, so nothing shifts) until `end()` or `budgetMs` passes,
 * whichever comes first: a slow or failing engine never keeps content hidden for longer. A constructed
 * style sheet, so that a CSP without `'unsafe-inline'` styles allows it. `budgetMs: 0` turns it off.
 */
export function startPrehide(budgetMs = PREHIDE_MS): { end(): void } {
  const sheets = document.adoptedStyleSheets;
  if (!budgetMs || !sheets) return { end() {} };
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(PREHIDE_CSS);
  document.adoptedStyleSheets = [...sheets, sheet];
  const end = () => {
    clearTimeout(timer);
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  };
  const timer = setTimeout(end, budgetMs);
  return { end };
}
