import type { Consent } from '../protocol';
import { findTcfApi } from './findTcfApi';
import { tcfConsent, type TcData } from './tcfConsent';

/**
 * How long the longest wait between two looks for a CMP that is not on the page yet is, in milliseconds: a CMP
 * loaded late is followed within a second of its arrival, and a page without one costs a property read a second.
 */
const MAX_LOOK_MS = 1000;

/**
 * Follows the site's IAB TCF v2.2 CMP: registers with `addEventListener` (version 2) and calls `consent` with
 * what {@link tcfConsent} maps each of its reports to (`undefined` for a report without a decision). Until the CMP is there (looked for again, ever less
 * often, up to every {@link MAX_LOOK_MS}) and answers, nothing is called: the instance stays `pending`. A CMP
 * that throws or reports nonsense changes nothing.
 *
 * @example
 * followTcf((state) => state && seglet.consent(state));
 */
export function followTcf(consent: (state: Consent | undefined) => void): void {
  let wait = 50;
  const look = () => {
    const api = findTcfApi();
    if (!api) return void setTimeout(look, (wait = Math.min(wait * 2, MAX_LOOK_MS)));
    try {
      api('addEventListener', 2, (data, success) => {
        try {
          if (success && data && typeof data === 'object') consent(tcfConsent(data as TcData));
        } catch {
          // A report whose fields throw when read: no decision in it.
        }
      });
    } catch {
      // A CMP that throws on a standard call: it never answers, and seglet stays pending.
    }
  };
  look();
}
