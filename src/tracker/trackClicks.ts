import type { Scalar } from '../engine/types';
import { addListener } from '../lib/addListener';
import { getClickKey } from './getClickKey';
import type { Capture, Stop } from './types';

/** What counts as a click target: links, buttons and anything the site names for seglet. */
const CLICKABLE = 'a[href],button,[role=button],[data-seglet-key],input[type=submit],input[type=button]';

/** Captures clicks on links, buttons, `[role=button]` and `[data-seglet-key]` elements. */
export function trackClicks(capture: Capture): Stop {
  return addListener(document, 'click', (event) => {
    const el = (event.target as Element | null)?.closest?.(CLICKABLE);
    if (!el) return;
    const props: Record<string, Scalar> = { key: getClickKey(el), tag: el.tagName.toLowerCase() };
    const href = el.getAttribute('href');
    if (href !== null && el.tagName === 'A') {
      try {
        const url = new URL(href, location.href);
        // Same-origin path only: where a visitor leaves to is not seglet's business.
        if (url.origin === location.origin) props.href = url.pathname;
      } catch {
        // A malformed href (`http://`) is still a click; the error must not reach the host page.
      }
    }
    // When the browser saw the click, not when a busy page got round to handling it: click spacing is a bot
    // signal, and input handled late arrives bunched together.
    capture('click', props, Date.now() - Math.max(0, Math.round(performance.now() - event.timeStamp)));
  });
}
