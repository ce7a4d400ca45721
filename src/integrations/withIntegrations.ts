import { loadAddon } from '../lib/loadAddon';
import { INTEGRATIONS_HOOK } from '../protocol';
import type { Seglet, SegletConfig } from '../types';

/**
 * Adds `seglet.integrations.js` (at `url`) for an instance whose config asks for the site's CMP (`consent:
 * 'tcf' | 'gcm'`; the instance starts `pending` until it answers) or its `dataLayer`. Pages that configure
 * neither pay for these lines only.
 *
 * @example
 * withIntegrations(createInstance(config, workerUrl, debugUrl), config, integrationsUrl);
 */
export function withIntegrations(seglet: Seglet, config: SegletConfig, url: string): Seglet {
  if (config.dataLayer || config.consent == 'tcf' || config.consent == 'gcm') loadAddon(url, INTEGRATIONS_HOOK, [seglet, config]);
  return seglet;
}
