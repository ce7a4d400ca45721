import { INTEGRATIONS_HOOK } from '../protocol';
import type { Seglet, SegletConfig } from '../types';
import { startIntegrations } from './startIntegrations';

// `seglet.integrations.js`, a classic script. Each instance configured with `consent: 'tcf' | 'gcm'` or
// `dataLayer: true` queued itself and its config under INTEGRATIONS_HOOK before adding this script
// (src/integrations/withIntegrations.ts): one start each.
const queue = (globalThis as unknown as Record<string, [Seglet, SegletConfig][] | undefined>)[INTEGRATIONS_HOOK];
for (const [seglet, config] of queue?.splice(0) ?? []) {
  try {
    startIntegrations(seglet, config);
  } catch (e) {
    console.error('[seglet] integrations failed to start', e);
  }
}
