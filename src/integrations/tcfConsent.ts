import type { Consent } from '../protocol';

/**
 * The TCF purposes seglet needs consent for: 1 (store and/or access information on a device: its state lives in
 * IndexedDB), 5 (create profiles to personalise content: the visitor's segments are such a profile) and 6 (use
 * profiles to select personalised content: what segments are for). TCF v2.2 allows no legitimate interest for
 * any of them, so only consents count.
 */
export const TCF_PURPOSES = [1, 5, 6];

/** The part of a TCF v2.2 `TCData` object this reads (any other shape counts as no consent). */
export interface TcData {
  gdprApplies?: boolean;
  eventStatus?: string;
  purposeOneTreatment?: boolean;
  purpose?: { consents?: Record<string, boolean> };
  publisher?: { consents?: Record<string, boolean> };
}

/**
 * Maps what a TCF v2.2 CMP reports (`addEventListener` callbacks) to a consent state, or `undefined` while it
 * has no decision to report (`eventStatus` `cmpuishown`: the visitor is being asked).
 * - `gdprApplies: false`: the CMP says the visitor is not under the GDPR: `granted`.
 * - `tcloaded` (a decision stored earlier) or `useractioncomplete` (made now): `granted` when every purpose of
 *   {@link TCF_PURPOSES} has consent, else `denied`. A first-party tool has no vendor id on the Global Vendor
 *   List, so vendor consents are not read; the publisher's own consents are, when the CMP records any (they are
 *   the site's own processing, which seglet is), else the purpose consents. With `purposeOneTreatment` (purpose
 *   1 not asked for, as some jurisdictions allow) purpose 1 is not required. Special features (precise
 *   geolocation, device scanning) are never used, so never read.
 *
 * @example
 * tcfConsent({ gdprApplies: true, eventStatus: 'useractioncomplete', purpose: { consents: { 1: true, 5: true, 6: true } } }); // 'granted'
 */
export function tcfConsent(data: TcData): Consent | undefined {
  if (data.gdprApplies === false) return 'granted';
  if (data.eventStatus !== 'tcloaded' && data.eventStatus !== 'useractioncomplete') return undefined;
  const publisher = data.publisher?.consents;
  const consents = publisher && Object.keys(publisher).length ? publisher : data.purpose?.consents;
  const given = (id: number) => consents?.[id] === true || (id === 1 && data.purposeOneTreatment === true);
  return TCF_PURPOSES.every(given) ? 'granted' : 'denied';
}
