/**
 * What the bench reads from a page: main-thread time from CDP `Performance.getMetrics` (in thread time, so
 * that other processes on a busy machine do not inflate it), long tasks and long animation frames (with the
 * scripts that ran in them) from a PerformanceObserver installed before any script, and the JS heap after a
 * garbage collection, of the page and of a SharedWorker of the same visitor.
 */

/**
 * Installed with `addInitScript`: records long tasks and long animation frames into `window.__benchPerf`.
 * Runs in the page, before the page's own scripts.
 */
export function recordLongTasks() {
  const perf = { longTasks: /** @type {{ start: number, duration: number }[]} */ ([]), frames: /** @type {unknown[]} */ ([]) };
  Object.defineProperty(window, '__benchPerf', { value: perf });
  const observe = (/** @type {string} */ type, /** @type {(e: any) => void} */ keep) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(keep)).observe({ type, buffered: true });
    } catch {}
  };
  observe('longtask', (e) => perf.longTasks.push({ start: e.startTime, duration: e.duration }));
  observe('long-animation-frame', (e) => perf.frames.push({
    start: e.startTime, duration: e.duration, blocking: e.blockingDuration,
    scripts: e.scripts.map((/** @type {any} */ s) => ({ url: s.sourceURL, duration: s.duration, invoker: s.invoker })),
  }));
}

/**
 * @typedef {{ task: number, script: number, layout: number, heap: number }} Metrics seconds of main-thread
 *   time (tasks, script, layout) and bytes of JS heap
 */

/**
 * Starts CDP performance metrics for a page.
 * @param {import('@playwright/test').CDPSession} cdp
 */
export async function enableMetrics(cdp) {
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
}

/**
 * @param {import('@playwright/test').CDPSession} cdp
 * @returns {Promise<Metrics>}
 */
export async function readMetrics(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (/** @type {string} */ name) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return { task: get('TaskDuration'), script: get('ScriptDuration'), layout: get('LayoutDuration'), heap: get('JSHeapUsedSize') };
}

/**
 * The page's JS heap after a full garbage collection, in bytes.
 * @param {import('@playwright/test').CDPSession} cdp
 */
export async function collectedHeap(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await readMetrics(cdp)).heap;
}

/**
 * The JS heap of the SharedWorker the page's visitor runs (same browser context), after a garbage
 * collection, in bytes; null when there is none. Playwright has no handle on shared workers, so this goes
 * through the browser's own CDP target list.
 * @param {import('@playwright/test').CDPSession} browserCdp from `browser.newBrowserCDPSession()`
 * @param {import('@playwright/test').CDPSession} pageCdp
 */
export async function sharedWorkerHeap(browserCdp, pageCdp) {
  const { targetInfo } = /** @type {any} */ (await pageCdp.send('Target.getTargetInfo'));
  const { targetInfos } = await browserCdp.send('Target.getTargets');
  const worker = targetInfos.find((t) => t.type === 'shared_worker' && t.browserContextId === targetInfo.browserContextId);
  if (!worker) return null;
  const { sessionId } = await browserCdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
  let id = 0;
  const call = (/** @type {string} */ method) => new Promise((resolve, reject) => {
    const messageId = ++id;
    const timer = setTimeout(() => (browserCdp.off('Target.receivedMessageFromTarget', onMessage), reject(new Error(`${method} timed out`))), 5000);
    const onMessage = (/** @type {any} */ event) => {
      if (event.sessionId !== sessionId) return;
      const message = JSON.parse(event.message);
      if (message.id !== messageId) return;
      clearTimeout(timer);
      browserCdp.off('Target.receivedMessageFromTarget', onMessage);
      resolve(message.result);
    };
    browserCdp.on('Target.receivedMessageFromTarget', onMessage);
    void browserCdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: messageId, method }) });
  });
  try {
    await call('HeapProfiler.collectGarbage');
    const usage = /** @type {{ usedSize: number }} */ (await call('Runtime.getHeapUsage'));
    return usage.usedSize;
  } finally {
    await browserCdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
  }
}
