import { loadAddon } from '../lib/loadAddon';
import { INTEGRATIONS_HOOK } from '../protocol';
import type { Seglet, SegletConfig } from '../types';

/** Where the opt-in cookie mirror (`cookie: true`) gets the segment ids to mirror: each time the cache changes. */
export type Mirror = (to: (ids: string[] | null) => void) => void;

/**
 * Adds `seglet.integrations.js` (at `url`) for an instance whose config asks for the site's CMP (`consent:
 * 'tcf' | 'gcm'`; the instance starts `pending` until it answers), its `dataLayer`, or the opt-in cookie mirror
 * (`cookie: true`). Pages that configure none of these pay for these lines only.
 *
 * @example
 * withIntegrations(seglet, config, integrationsUrl, view.mirror);
 */
export function withIntegrations(seglet: Seglet, config: SegletConfig, url: string, mirror: Mirror): Seglet {
  if (config.dataLayer || config.cookie || config.consent == 'tcf' || config.consent == 'gcm') {
    loadAddon(url, INTEGRATIONS_HOOK, [seglet, config, mirror]);
  }
  return seglet;
}
