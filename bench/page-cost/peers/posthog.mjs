// posthog-js as its install guide sets it up today: autocapture, history-change page views and page leaves
// (the `defaults` snapshot), pointed at the bench's local sink instead of PostHog's hosts.
import posthog from 'posthog-js';

const { sink } = window.__bench;
posthog.init('phc_bench', { api_host: sink, defaults: '2026-08-30' });
window.__benchTrack = (name) => posthog.capture(name);
