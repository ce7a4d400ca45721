/**
 * What the latency trials read outside the page: when the sync endpoint got a change, and where the engine ran.
 */

const SYNC_TIMEOUT_MS = 15_000;

/**
 * When the first sync request that enters `segment` arrived (epoch ms), polling the traffic log.
 * @param {import('../lib/trafficLog.mjs').TrafficEntry[]} entries
 * @param {number} from index to start looking at
 * @param {string} segment
 */
export async function syncArrival(entries, from, segment) {
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  while (Date.now() < deadline) {
    for (const entry of entries.slice(from)) {
      if (entry.path !== '/seglet/sync' || entry.method !== 'POST') continue;
      try {
        if (JSON.parse(entry.body).changes?.some((/** @type {any} */ c) => c.id === segment && c.op === 'enter')) return entry.at;
      } catch {}
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no sync request entered ${segment} within ${SYNC_TIMEOUT_MS} ms`);
}

/**
 * Where the page's engine runs: 'SharedWorker' when the visitor's context has seglet's shared worker.
 * @param {import('@playwright/test').CDPSession} browserCdp
 * @param {import('@playwright/test').Page} page
 */
export async function engineHost(browserCdp, page) {
  const cdp = await page.context().newCDPSession(page);
  const { targetInfo } = /** @type {any} */ (await cdp.send('Target.getTargetInfo'));
  const { targetInfos } = await browserCdp.send('Target.getTargets');
  await cdp.detach();
  const shared = targetInfos.some((t) => t.type === 'shared_worker' && t.browserContextId === targetInfo.browserContextId && t.url.includes('seglet.worker.js'));
  return shared ? 'SharedWorker' : 'dedicated Worker or main thread';
}
