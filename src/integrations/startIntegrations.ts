import { writeSegmentCookie } from '../dom/segmentCache';
import type { Consent } from '../protocol';
import type { Seglet, SegletConfig } from '../types';
import { createGcmConsent } from './createGcmConsent';
import { dataLayerEvent } from './dataLayerEvent';
import { followTcf } from './followTcf';
import { onDataLayer } from './onDataLayer';
import type { Mirror } from './withIntegrations';

/**
 * Connects one instance to what its config asks for: the site's TCF v2.2 CMP (`consent: 'tcf'`) or Google
 * Consent Mode v2 (`consent: 'gcm'`) into `seglet.consent()`, and the GA4 commerce events of the `dataLayer`
 * (`dataLayer: true`) into `seglet.track()`, and the personalized segments into the opt-in cookie
 * (`cookie: true`, through `mirror`). It goes through the instance's public methods, which never throw; the
 * instance started `pending` and hears of a state only when it changes.
 *
 * @example
 * startIntegrations(seglet, { consent: 'gcm', dataLayer: true });
 */
export function startIntegrations(seglet: Seglet, config: SegletConfig, mirror?: Mirror): void {
  if (config.cookie) mirror?.(writeSegmentCookie);
  let last: Consent = 'pending';
  const follow = (state: Consent | undefined) => state && state !== last && seglet.consent((last = state));
  if (config.consent === 'tcf') followTcf(follow);
  if (config.consent === 'gcm') {
    const fold = createGcmConsent();
    onDataLayer((entry) => follow(fold(entry)));
  }
  if (config.dataLayer) {
    onDataLayer((entry) => {
      const event = dataLayerEvent(entry);
      if (event) seglet.track(...event);
    });
  }
}
