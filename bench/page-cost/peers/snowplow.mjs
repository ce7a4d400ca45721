// Snowplow's browser tracker with activity tracking (page pings) and the link, button and form tracking
// plugins. Snowplow leaves SPA page views to the site: the bench page announces each route change.
import { enableActivityTracking, newTracker, trackPageView, trackStructEvent } from '@snowplow/browser-tracker';
import { ButtonClickTrackingPlugin, enableButtonClickTracking } from '@snowplow/browser-plugin-button-click-tracking';
import { FormTrackingPlugin, enableFormTracking } from '@snowplow/browser-plugin-form-tracking';
import { LinkClickTrackingPlugin, enableLinkClickTracking } from '@snowplow/browser-plugin-link-click-tracking';

const { sink } = window.__bench;
newTracker('sp', sink, {
  appId: 'bench',
  plugins: [LinkClickTrackingPlugin(), ButtonClickTrackingPlugin(), FormTrackingPlugin()],
});
// The values Snowplow's documentation uses as its example.
enableActivityTracking({ minimumVisitLength: 10, heartbeatDelay: 10 });
enableLinkClickTracking();
enableButtonClickTracking();
enableFormTracking();
trackPageView();
addEventListener('bench:navigate', () => trackPageView());
window.__benchTrack = (name) => trackStructEvent({ category: 'bench', action: name });
