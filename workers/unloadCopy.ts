import type { UnloadCopy } from '../src/protocol';
import type { ForgetRequest, SyncBatch } from './createSync';

/** What `keepalive` (and `fetchLater`) requests of one page may carry in all, by the Fetch standard. */
export const KEEPALIVE_BUDGET = 64 * 1024;

/**
 * What sync has still to deliver to `url`, as the page sends it if it goes first: each request's body, stamped as sent
 * now, in order as far as {@link KEEPALIVE_BUDGET} allows (the rest stays in the outbox for the next page),
 * and the batches among them for the page to seal as it hands them on (forget requests gain nothing later).
 */
export function unloadCopy(url: string, batches: (SyncBatch | ForgetRequest)[]): UnloadCopy {
  const copy: UnloadCopy = { url, bodies: [], sealed: [] };
  let budget = KEEPALIVE_BUDGET;
  for (const batch of batches) {
    // A blob of its type: the page's request says `application/json` with no header of its own.
    const body = new Blob([JSON.stringify('op' in batch ? batch : { ...batch, sentAt: new Date().toISOString() })], { type: 'application/json' });
    if ((budget -= body.size) < 0) break;
    copy.bodies.push(body);
    if (!('op' in batch)) copy.sealed.push({ batchId: batch.batchId, count: batch.changes.length });
  }
  return copy;
}
