/**
 * The variants of the page-cost bench: the same page with no SDK, with seglet, and with each peer SDK. A
 * variant adds markup to `<head>` and names the traffic that is its SDK's.
 */

/**
 * @typedef {object} Variant
 * @property {string} name
 * @property {string} label what it is, for the tables
 * @property {boolean} sdk false for the baseline
 * @property {boolean} autocapture whether it captures clicks and forms by itself (a full-featured peer);
 *   the goals compare seglet with the cheapest of these
 * @property {boolean} peer an SDK from npm that the bench bundles (`bench/page-cost/peers/<name>.mjs`)
 * @property {(sink: string) => string} head markup for `<head>`, given the variant's sink origin
 * @property {(entry: import('../lib/trafficLog.mjs').TrafficEntry) => boolean} owns whether a response is
 *   this SDK's (its code, lazy chunks included, or its calls home)
 */

/** The event names fired in the 50 ms before the visitor leaves; seglet's model has a rule per name. */
export const LEAVE_EVENTS = ['bench_leave_1', 'bench_leave_2', 'bench_leave_3', 'bench_leave_4', 'bench_leave_5'];

/** @param {string} name */
const peer = (name) => (/** @type {string} */ sink) =>
  `<script>window.__bench = { sink: ${JSON.stringify(sink)} };</script>\n  <script type="module" async src="/vendor/${name}/index.js"></script>`;
/** @param {string} name */
const ownsPeer = (name) => (/** @type {import('../lib/trafficLog.mjs').TrafficEntry} */ e) =>
  e.server === name || (e.server === 'site' && e.path.startsWith(`/vendor/${name}/`));

/** @type {Variant[]} */
export const VARIANTS = [
  { name: 'baseline', label: 'no SDK', sdk: false, autocapture: false, peer: false, head: () => '', owns: () => false },
  {
    name: 'seglet',
    label: 'seglet (script tag, model and sync from the reference server)',
    sdk: true,
    autocapture: true,
    peer: false,
    // The documented script-tag install; `__benchTrack` is how the bench fires its custom events.
    head: () => `<script>
    window.seglet = window.seglet || [];
    window.__benchTrack = function (name) { seglet.push(['track', name]); };
  </script>
  <script async src="/seglet/seglet.js" data-model="/seglet/model.json" data-sync="/seglet/sync"></script>`,
    owns: (e) => e.server === 'site' && e.path.startsWith('/seglet/'),
  },
  { name: 'posthog', label: 'posthog-js (autocapture)', sdk: true, autocapture: true, peer: true, head: peer('posthog'), owns: ownsPeer('posthog') },
  { name: 'snowplow', label: 'Snowplow (activity, link, button, form tracking)', sdk: true, autocapture: true, peer: true, head: peer('snowplow'), owns: ownsPeer('snowplow') },
  { name: 'segment', label: 'Segment analytics-next (page + track, no autocapture)', sdk: true, autocapture: false, peer: true, head: peer('segment'), owns: ownsPeer('segment') },
  { name: 'amplitude', label: 'Amplitude (autocapture)', sdk: true, autocapture: true, peer: true, head: peer('amplitude'), owns: ownsPeer('amplitude') },
];

/**
 * How many of the leave events reached the variant's sink: for a peer, the event names in what its sink
 * received; for seglet, whose events never leave the device, the segment each event makes the visitor enter
 * (`leave-1` … `leave-5`) in what the sync endpoint received.
 * @param {Variant} variant
 * @param {import('../lib/trafficLog.mjs').TrafficEntry[]} entries this repetition's traffic
 */
export function countDelivered(variant, entries) {
  const bodies = entries.filter((e) => variant.owns(e) && e.body).map((e) => e.body);
  if (variant.name === 'seglet') {
    const entered = new Set();
    for (const body of bodies) {
      try {
        for (const change of JSON.parse(body).changes ?? []) if (change.op === 'enter') entered.add(change.id);
      } catch {}
    }
    return LEAVE_EVENTS.filter((_, i) => entered.has(`leave-${i + 1}`)).length;
  }
  return LEAVE_EVENTS.filter((name) => bodies.some((body) => body.includes(name))).length;
}
