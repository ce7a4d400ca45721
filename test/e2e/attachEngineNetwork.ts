import type { Browser, CDPSession } from '@playwright/test';

/** The engine's worker, seen through the DevTools protocol: its network can be cut and its requests counted. */
export interface EngineNetwork {
  /** Takes the worker's network away (its requests fail at once, as offline) or gives it back. */
  setOffline(offline: boolean): Promise<void>;
  /** How many requests to `path` failed at the network level since attaching. */
  failures(): number;
  detach(): Promise<void>;
}

/**
 * Attaches to the seglet worker of `origin`. Playwright's `context.setOffline()` does not reach the SharedWorker
 * where the engine runs (its requests still go out): this sets the same emulation on the worker itself (or on
 * the dedicated worker the engine falls back to). Chromium only; the worker must be running.
 */
export async function attachEngineNetwork(browser: Browser, origin: string, path = '/seglet/sync'): Promise<EngineNetwork> {
  const cdp: CDPSession = await browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find((t) => ['shared_worker', 'worker'].includes(t.type) && t.url.startsWith(`${origin}/`));
  if (!worker) throw new Error(`no SharedWorker of ${origin} among ${targetInfos.map((t) => `${t.type} ${t.url}`).join(', ')}`);
  // Playwright's CDPSession cannot address a child session: talk to the worker through the browser session.
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
  const replies = new Map<number, (message: { result?: unknown; error?: { message: string } }) => void>();
  const requests = new Set<string>();
  let next = 0;
  let failed = 0;

  cdp.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message);
    if (message.id !== undefined) return void replies.get(message.id)?.(message);
    if (message.method === 'Network.requestWillBeSent' && new URL(message.params.request.url).pathname === path) {
      requests.add(message.params.requestId);
    } else if (message.method === 'Network.loadingFailed' && requests.has(message.params.requestId)) failed += 1;
  });

  function send(method: string, params: object = {}): Promise<unknown> {
    const id = ++next;
    return new Promise((resolve, reject) => {
      replies.set(id, (reply) => (replies.delete(id), reply.error ? reject(new Error(`${method}: ${reply.error.message}`)) : resolve(reply.result)));
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
  }

  await send('Network.enable');
  return {
    setOffline: async (offline) => void (await send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })),
    failures: () => failed,
    detach: async () => {
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
      await cdp.detach().catch(() => {});
    },
  };
}
