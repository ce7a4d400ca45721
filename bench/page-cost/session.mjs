/**
 * The scripted visit, the same for every variant: 20 pages of a single-page shop, each scrolled with 15 wheel
 * steps, five clicks on the buttons and links of the action bar, then an SPA navigation from the header; the
 * newsletter form is filled in on two of them. 300 wheel steps, 100 clicks, 20 navigations, 68 keystrokes.
 *
 * The pace is a brisk person's, never a bot's: seglet (rightly) flags 15 clicks within 5 s or 20 page views
 * within a minute as automation and then enters no segment, which would also stop the leave events' segments.
 */

/** A wheel notch every 40 ms at most: a fast, continuous scroll. */
export const WHEEL_GAP_MS = 40;
/** Clicks at least 450 ms apart, so that 15 clicks take over 6 s (seglet's burst signal is 15 within 5 s). */
export const CLICK_GAP_MS = 450;
/** Typing at about 16 keys a second. */
export const KEY_GAP_MS = 60;
const WHEEL_STEPS_PER_PAGE = 15;
const CLICKS_PER_PAGE = 5;
const PAGES = 20;
const FORM_PAGES = [6, 13];

/** The action bar, clicked in turn: two buttons, two links that open panels, one `role=button`. */
const ACTIONS = ['#add-to-cart', '#save', '#details', '#share', '#compare'];
/** The header's six links, in page order (Home, Gear, Deals, Journal, Help, Next product). */
const NAV = [0, 1, 2, 3, 4, 5].map((i) => `header a[data-nav]:nth-of-type(${i + 1})`);

/**
 * @typedef {'wheel' | 'click' | 'navigate' | 'key'} Kind
 * @typedef {{ kind: Kind, target?: string, key?: string, gap: number }} Step one input, at least `gap` ms
 *   after the previous one
 */

/** Every selector the visit clicks, so the runner can find them once (they sit in fixed bars). */
export const TARGETS = [...ACTIONS, ...NAV, '#nl-name', '#nl-email', '#nl-submit'];

/** @returns {Step[]} */
export function buildSession() {
  /** @type {Step[]} */
  const steps = [];
  let click = 0;
  for (let page = 0; page < PAGES; page++) {
    for (let i = 0; i < WHEEL_STEPS_PER_PAGE; i++) steps.push({ kind: 'wheel', gap: WHEEL_GAP_MS });
    for (let i = 0; i < CLICKS_PER_PAGE; i++) steps.push({ kind: 'click', target: ACTIONS[click++ % ACTIONS.length], gap: CLICK_GAP_MS });
    if (FORM_PAGES.includes(page)) {
      steps.push({ kind: 'click', target: '#nl-name', gap: CLICK_GAP_MS });
      for (const key of 'Alex Morgan') steps.push({ kind: 'key', key, gap: KEY_GAP_MS });
      steps.push({ kind: 'click', target: '#nl-email', gap: CLICK_GAP_MS });
      for (const key of 'alex.morgan@example.com') steps.push({ kind: 'key', key, gap: KEY_GAP_MS });
      steps.push({ kind: 'click', target: '#nl-submit', gap: CLICK_GAP_MS });
    }
    // From Home (link 0) on to Gear, Deals, …, Next product, Home again: always a new route.
    steps.push({ kind: 'navigate', target: NAV[(page + 1) % NAV.length], gap: CLICK_GAP_MS });
  }
  return steps;
}

/**
 * What the visit contains, by kind (`click` counts the action bar and the form's fields and button).
 * @param {Step[]} steps
 */
export function countSteps(steps) {
  /** @type {Record<Kind, number>} */
  const counts = { wheel: 0, click: 0, navigate: 0, key: 0 };
  for (const step of steps) counts[step.kind]++;
  return counts;
}
