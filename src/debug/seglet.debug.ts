import { DEBUG_HOOK } from '../protocol';
import { mountOverlay } from './mountOverlay';

// `seglet.debug.js`, a classic script. Each instance that asked for the overlay queued its engine calls
// and events under DEBUG_HOOK before adding this script (src/createInstance.ts): one overlay each.
const queue = (globalThis as unknown as Record<string, Parameters<typeof mountOverlay>[] | undefined>)[DEBUG_HOOK];
for (const args of queue?.splice(0) ?? []) mountOverlay(...args);
