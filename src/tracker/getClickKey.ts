/** Longest visible text used as a click key: enough to tell buttons apart, too short to carry content. */
const MAX_TEXT_KEY = 40;

/**
 * Names a clicked element: `data-seglet-key` ‖ `id` ‖ `name` ‖ `aria-label` ‖ its short visible text.
 * Attributes are read with `getAttribute`, never properties, and a control's value is never read (an
 * `<input type=submit>` is named by its attributes only).
 */
export function getClickKey(el: Element): string {
  for (const attr of ['data-seglet-key', 'id', 'name', 'aria-label']) {
    const value = el.getAttribute(attr)?.trim();
    if (value) return value.slice(0, 64);
  }
  if (el.tagName === 'INPUT') return '';
  // An element's textContent is never null (only a document's or a doctype's is).
  return el.textContent!.trim().replace(/\s+/g, ' ').slice(0, MAX_TEXT_KEY);
}
