import { INTEGRATIONS_HOOK } from '../protocol';
import type { Seglet, SegletConfig } from '../types';
import type { Mirror } from './withIntegrations';
import { startIntegrations } from './startIntegrations';

// `seglet.integrations.js`, a classic script. Each instance configured with `consent: 'tcf' | 'gcm'` or
// `dataLayer: true` or `cookie: true` queued itself, its config and its cache's mirror under INTEGRATIONS_HOOK before adding this script
// (src/integrations/withIntegrations.ts): one start each.
const queue = (globalThis as unknown as Record<string, [Seglet, SegletConfig, Mirror][] | undefined>)[INTEGRATIONS_HOOK];
for (const [seglet, config, mirror] of queue?.splice(0) ?? []) {
  try {
    startIntegrations(seglet, config, mirror);
  } catch (e) {
    console.error('[seglet] integrations failed to start', e);
  }
}
