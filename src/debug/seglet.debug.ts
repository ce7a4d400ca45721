import { DEBUG_HOOK, type DebugEntry } from '../protocol';
import { mountOverlay } from './mountOverlay';
import { readForced } from './readForced';

// `seglet.debug.js`, a classic script: the QA tools. Each instance that asked for them (`debug`, `?seglet-debug`,
// `?seglet-force`) queued what they need under DEBUG_HOOK before adding this script (src/createInstance.ts).
const queue = (globalThis as unknown as Record<string, DebugEntry[] | undefined>)[DEBUG_HOOK];
for (const [call, on, force, report, debug] of queue?.splice(0) ?? []) {
  const forced = readForced((count) => report('invalid_argument', `?seglet-force: ${count} ids left out (not segment ids, or too many)`));
  if (forced.length) force(forced);
  if (debug || location.search.includes('seglet-debug')) mountOverlay(call, on);
}
