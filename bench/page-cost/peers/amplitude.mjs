// Amplitude's browser SDK as its autocapture install snippet sets it up (element interactions on top of the
// default page views, sessions, form interactions, file downloads and attribution), page views on every
// History API change, pointed at the bench's sink for events and remote configuration.
import * as amplitude from '@amplitude/analytics-browser';

const { sink } = window.__bench;
amplitude.init('bench-api-key', {
  serverUrl: `${sink}/2/httpapi`,
  remoteConfig: { serverUrl: `${sink}/config` },
  autocapture: { elementInteractions: true, pageViews: { trackHistoryChanges: 'all' } },
});
window.__benchTrack = (name) => amplitude.track(name);
