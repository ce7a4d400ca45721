// Segment's analytics-next with no destinations: page views (the site calls `page()` on each route change)
// and `track()`; it has no autocapture of its own. Settings come from the sink, as they would from Segment's CDN.
import { AnalyticsBrowser } from '@segment/analytics-next';

const { sink } = window.__bench;
const host = new URL(sink).host;
const analytics = AnalyticsBrowser.load(
  { writeKey: 'bench', cdnURL: sink },
  { integrations: { 'Segment.io': { apiHost: `${host}/v1`, protocol: 'http' } } },
);
analytics.page();
addEventListener('bench:navigate', () => void analytics.page());
window.__benchTrack = (name) => void analytics.track(name);
