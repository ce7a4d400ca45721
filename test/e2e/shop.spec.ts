import { clickInTurn, events, expect, recordEvents, test } from './fixtures';

const SEGMENT = 'breaking-news-reader';

/** Reads seglet's IndexedDB state from inside the page. */
function storedMemberships(page: import('@playwright/test').Page) {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('seglet');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('kv').objectStore('kv').get('state');
          get.onsuccess = () => {
            const members = Object.entries(get.result?.engine.members ?? {}) as [string, { member: boolean }][];
            resolve(members.filter(([, m]) => m.member).map(([id]) => id));
            open.result.close();
          };
        };
      }),
  );
}

async function clickHeadlines(page: import('@playwright/test').Page, n: number) {
  const headlines = page.locator('button.headline');
  await clickInTurn(page, Array.from({ length: n }, (_, i) => headlines.nth(i)));
}

test('three headline clicks enter the segment: callback, <html> class, swapped banner', async ({ page, server }) => {
  await recordEvents(page);
  await page.goto(`${server.url}/`);
  await expect(page.locator('#promo-banner')).toBeVisible();
  await expect(page.locator('#news-banner')).toBeHidden();

  await clickHeadlines(page, 2);
  await page.waitForFunction(() => (window as any).__events.some((e: any) => e.type === 'ready'));
  expect((await events(page)).filter((e) => e.type === 'enter')).toEqual([]);

  await clickHeadlines(page, 3);
  await expect.poll(async () => (await events(page)).filter((e) => e.type === 'enter')).toEqual([
    { type: 'enter', segment: SEGMENT },
  ]);
  await expect(page.locator('html')).toHaveClass(new RegExp(`\\bseglet-${SEGMENT}\\b`));
  await expect(page.locator('#news-banner')).toBeVisible();
  await expect(page.locator('#promo-banner')).toBeHidden();
  await expect(page.locator('#seglet-segments')).toHaveText(SEGMENT);
  const change = (await events(page)).find((e) => e.type === 'change' && (e.entered as string[]).includes(SEGMENT));
  expect(change).toMatchObject({ segments: [SEGMENT], exited: [], cluster: null });
  expect((await events(page)).filter((e) => e.type === 'error')).toEqual([]);
});

test('after a reload the segment is still there before any new event', async ({ page, server }) => {
  await page.goto(`${server.url}/`);
  await clickHeadlines(page, 3);
  await expect(page.locator('html')).toHaveClass(new RegExp(`seglet-${SEGMENT}`));
  await page.evaluate(() => (window as any).seglet.flush());
  expect(await storedMemberships(page)).toEqual([SEGMENT]);
  const before = await page.evaluate(() => (window as any).seglet.segments());

  await recordEvents(page);
  await page.reload();
  // Applied from the synchronous cache as soon as the SDK runs, then confirmed by the engine.
  await expect(page.locator('#news-banner')).toBeVisible();
  expect(await page.evaluate((id) => (window as any).seglet.has(id), SEGMENT)).toBe(true);
  await page.waitForFunction(() => (window as any).__events.some((e: any) => e.type === 'ready'));
  const after = await page.evaluate(() => (window as any).seglet.segments());
  expect(after).toEqual(before);
  expect(after[0]).toMatchObject({ id: SEGMENT, source: 'rule', holdout: false });
  const recorded = await events(page);
  expect(recorded.filter((e) => e.type === 'exit')).toEqual([]);
  expect(recorded.find((e) => e.type === 'change')).toMatchObject({ segments: [SEGMENT], entered: [SEGMENT] });
});

test('the engine runs on the main thread when Worker is unavailable', async ({ page, server }) => {
  await page.addInitScript(() => {
    delete (window as any).SharedWorker;
    delete (window as any).Worker;
  });
  let workers = 0;
  page.on('worker', () => workers++);
  await recordEvents(page);
  await page.goto(`${server.url}/`);
  await clickHeadlines(page, 3);
  await expect(page.locator('#news-banner')).toBeVisible();
  expect(workers).toBe(0);
  expect(await page.evaluate(() => typeof (window as any).__segletEngine)).toBe('object');
  expect((await events(page)).filter((e) => e.type === 'enter')).toEqual([{ type: 'enter', segment: SEGMENT }]);
});

test('the npm-import build works the same from an ES module page', async ({ page, server }) => {
  await page.goto(`${server.url}/t/esm.html`);
  await expect(page.locator('#fan-content')).toBeHidden();
  await clickInTurn(page, [1, 2, 3].map((n) => page.locator(`[data-seglet-key="fan-${n}"]`)));
  await expect(page.locator('#fan-content')).toBeVisible();
  await expect(page.locator('html')).toHaveClass(/seglet-button-fan/);
  const recorded = await page.evaluate(() => (window as any).__events);
  expect(recorded.filter((e: any) => e.type === 'enter')).toEqual([{ type: 'enter', segment: 'button-fan' }]);
  // In a worker (a SharedWorker, which Playwright does not list as the page's), not on the main thread.
  expect(await page.evaluate(() => typeof (window as any).__segletEngine)).toBe('undefined');
  await page.reload();
  await expect(page.locator('#fan-content')).toBeVisible();
});

test('segment changes reach the sync endpoint, and no raw event or input leaves the page', async ({ page, server }) => {
  await page.goto(`${server.url}/`);
  await clickHeadlines(page, 3);
  await expect(page.locator('#news-banner')).toBeVisible();
  await expect.poll(() => server.syncLog(), { timeout: 5000 }).toContainEqual(
    expect.objectContaining({ changes: [expect.objectContaining({ id: SEGMENT, op: 'enter', source: 'rule' })] }),
  );
  const log = JSON.stringify(await server.syncLog());
  expect(log).not.toMatch(/headline-|"click"|"page_view"|"path"|"key"/);
});

test('Global Privacy Control turns sync off; segments still work on the device', async ({ page, server }) => {
  await page.addInitScript(() => Object.defineProperty(navigator, 'globalPrivacyControl', { value: true }));
  await page.goto(`${server.url}/`);
  await clickHeadlines(page, 3);
  await expect(page.locator('#news-banner')).toBeVisible();
  await page.evaluate(() => (window as any).seglet.flush());
  await page.waitForTimeout(2500); // longer than the 2 s batching delay
  expect(await server.syncLog()).toEqual([]);
});

test('forget() wipes the device, exits every segment and tells the server', async ({ page, server }) => {
  await recordEvents(page);
  await page.goto(`${server.url}/`);
  await clickHeadlines(page, 3);
  await expect(page.locator('#news-banner')).toBeVisible();
  await page.evaluate(() => (window as any).seglet.forget());
  await expect(page.locator('#news-banner')).toBeHidden();
  await expect.poll(() => server.syncLog()).toContainEqual(expect.objectContaining({ op: 'forget' }));
  expect(await page.evaluate(() => localStorage.getItem('seglet:segments'))).toBeNull();
  expect((await events(page)).filter((e) => e.type === 'exit')).toEqual([{ type: 'exit', segment: SEGMENT }]);
});

test('a change made in the 50 ms before leaving the page still arrives, once', async ({ page, server }) => {
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => typeof (window as any).seglet?.segments === 'function');
  await clickHeadlines(page, 2);
  await page.waitForTimeout(80);
  await page.locator('button.headline').nth(2).click();
  await page.waitForTimeout(50);
  await page.goto(`${server.url}/article.html`);
  await expect
    .poll(async () => ((await server.syncLog()) as { changes?: { id: string; op: string }[] }[]).flatMap((b) => b.changes ?? []))
    .toContainEqual(expect.objectContaining({ id: SEGMENT, op: 'enter' }));
  await page.waitForTimeout(500);
  const enters = ((await server.syncLog()) as { changes?: { id: string; op: string }[] }[])
    .flatMap((b) => b.changes ?? [])
    .filter((c) => c.id === SEGMENT && c.op === 'enter');
  expect(enters).toHaveLength(1);
});

type Batch = {
  op?: string; batchId: string; anonymousId: string; userId: string | null; modelVersion: string; bot: boolean;
  segments: { id: string }[]; changes: { id: string; op: string }[]; features?: Record<string, number>;
};

/** What the footer must say of a batch it lists: every field group the batch carries. */
function footerParts(batch: Batch): string[] {
  const changes = batch.changes.map((c) => `${c.op === 'exit' ? '−' : '+'}${c.id}`).join(' ');
  const features = Object.entries(batch.features ?? {}).map(([name, value]) => `${name}=${Math.round(value * 100) / 100}`);
  return [
    `batch ${batch.batchId.slice(0, 8)} · model ${batch.modelVersion}`,
    `segments: ${batch.segments.map((s) => s.id).join(', ') || 'none'}${changes ? ` (${changes})` : ''} · bot: ${batch.bot ? 'yes' : 'no'}`,
    `anonymous id ${batch.anonymousId} · user id: ${batch.userId ? `SHA-256 ${batch.userId.slice(0, 12)}…` : 'none'}`,
    `features: ${features.join(', ') || 'none'}`,
  ];
}

test("the footer shows each visitor their own batches only, and says what they carry", async ({ browser, server }) => {
  const visit = async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => ((window as any).seglet = [['config', { bot: { webdriver: false } }]]));
    await page.goto(`${server.url}/`);
    await clickHeadlines(page, 3);
    await expect(page.locator('#news-banner')).toBeVisible();
    await page.evaluate(() => (window as any).seglet.flush());
    return { context, page };
  };
  const visitors = [await visit(), await visit()];
  const entered = async () =>
    new Set(((await server.syncLog()) as Batch[]).filter((b) => b.changes?.some((c) => c.id === SEGMENT)).map((b) => b.anonymousId));
  await expect.poll(async () => (await entered()).size).toBe(2);

  const shown: string[] = [];
  for (const { page } of visitors) {
    await page.locator('#sync-log summary').click();
    const items = page.locator('#sync-log-list li');
    await expect(items.filter({ hasText: `(+${SEGMENT})` })).toHaveCount(1);
    const texts = await items.allTextContents();
    const all = (await server.syncLog()) as Batch[];
    const ids = new Set<string>();
    for (const text of texts) {
      const batch = all.find((b) => b.op === undefined && text.includes(`batch ${b.batchId.slice(0, 8)} `));
      expect(batch, `a batch of the server's log for: ${text}`).toBeDefined();
      for (const part of footerParts(batch!)) expect(text).toContain(part);
      expect(batch!.features, 'the demo model collects features: the footer must list them').toBeDefined();
      ids.add(batch!.anonymousId);
    }
    expect(ids.size).toBe(1);
    shown.push(...ids);
    // Above the list, the footer says the same: the vector is sent, and what else is.
    const said = page.locator('.site-footer p');
    await expect(said).toContainText("because this shop's model asks for it, its feature vector");
    await expect(said).toContainText('segment memberships and their changes, a random anonymous id, your user id only as a SHA-256 hash');
  }
  // Two visitors, two anonymous ids: neither footer lists the other's batches.
  expect(new Set(shown)).toEqual(await entered());
  await expect(visitors[0]!.page.locator('#sync-log-list')).not.toContainText(shown[1]!);
  await expect(visitors[1]!.page.locator('#sync-log-list')).not.toContainText(shown[0]!);
  for (const { context } of visitors) await context.close();
});
