import { clickInTurn, expect, recordEvents, test } from './fixtures';
import { becomeReader, expectKept, expectNothingKept, expectWiped, recorded, whenReady } from './cmpHelpers';

// seglet with `data-consent="tcf"` against a small, real TCF v2.2 CMP (pages/tcf-cmp.js: the standard stub
// and a CMP that takes its queue over), in the page or in a parent frame.
const PAGE = '/t/tcf.html';
const ALL = [1, 5, 6];

test.beforeEach(async ({ page }) => recordEvents(page));
test.afterEach(async ({ page }) => {
  for (const frame of page.frames()) {
    if (await frame.evaluate(() => '__events' in window)) expect((await recorded(frame)).filter((e) => e.type === 'error')).toEqual([]);
  }
});

test('a CMP that answers late: pending (nothing stored or sent) until it does, then granted', async ({ page, server }) => {
  await page.goto(`${server.url}${PAGE}?stub`);
  await whenReady(page);
  await becomeReader(page);
  await expectNothingKept(page, server);
  // seglet asked through the stub, which holds the call for the CMP.
  expect(await page.evaluate(() => (window as any).__tcfapi().map((call: unknown[]) => call.slice(0, 2)))).toEqual([['addEventListener', 2]]);

  await page.evaluate((purposes) => (window as any).tcfCmp.load({ purposes }), ALL);
  await expectKept(page, server);
});

test('a CMP that never answers: seglet stays pending, nothing stored or sent', async ({ page, server }) => {
  await page.goto(`${server.url}${PAGE}?stub`);
  await whenReady(page);
  await becomeReader(page);
  await expectNothingKept(page, server);
  expect(await page.evaluate(() => (window as any).seglet.has('reader'))).toBe(true);
});

test('the visitor is asked (cmpuishown: still pending), then accepts in the banner: granted', async ({ page, server }) => {
  await page.goto(`${server.url}${PAGE}?stub`);
  await whenReady(page);
  await page.evaluate(() => (window as any).tcfCmp.load({ decided: false }));
  await becomeReader(page);
  await expectNothingKept(page, server);
  await page.evaluate((purposes) => (window as any).tcfCmp.decide({ purposes }), ALL);
  await expectKept(page, server);
});

test('granted, then the visitor withdraws purposes 5 and 6 in the banner: denied, the device is wiped', async ({ page, server }) => {
  await page.goto(`${server.url}${PAGE}?stub`);
  await page.evaluate((purposes) => (window as any).tcfCmp.load({ purposes }), ALL);
  await whenReady(page);
  await becomeReader(page);
  await expectKept(page, server);
  await page.evaluate(() => (window as any).tcfCmp.decide({ purposes: [1] }));
  await expectWiped(page);
});

test('purposes granted only in the purpose consents while the CMP records publisher consents without them: denied', async ({ page, server }) => {
  await page.goto(`${server.url}${PAGE}?stub`);
  await page.evaluate((purposes) => (window as any).tcfCmp.load({ purposes, publisher: [1] }), ALL);
  await whenReady(page);
  await clickInTurn(page, [page.locator('#read')]);
  await expectNothingKept(page, server);
  // Denied: seglet takes in nothing at all, in memory neither.
  expect(await page.evaluate(() => (window as any).seglet.has('reader'))).toBe(false);
  await page.evaluate((purposes) => (window as any).tcfCmp.decide({ publisher: purposes }), ALL);
  await becomeReader(page);
  await expectKept(page, server);
});

test('gdprApplies false: granted without any purpose', async ({ page, server }) => {
  await page.goto(`${server.url}${PAGE}?stub`);
  await page.evaluate(() => (window as any).tcfCmp.load({ gdprApplies: false }));
  await whenReady(page);
  await becomeReader(page);
  await expectKept(page, server);
});

test('a CMP loaded after seglet (no stub when seglet started): found and followed', async ({ page, server }) => {
  await page.goto(`${server.url}${PAGE}`);
  await whenReady(page);
  await becomeReader(page);
  expect(await page.evaluate(() => typeof (window as any).__tcfapi)).toBe('undefined');
  await page.evaluate((purposes) => (window as any).tcfCmp.load({ purposes }), ALL);
  await expectKept(page, server);
});

for (const answers of ['objects', 'JSON strings']) {
  test(`seglet in a frame finds the CMP of its parent through __tcfapiLocator and follows it by postMessage (answers as ${answers})`, async ({ page, server }) => {
    await page.goto(`${server.url}/t/tcf-frame.html${answers === 'objects' ? '' : '?json'}`);
    const site = page.frame({ url: /\/t\/tcf\.html/ })!;
    await whenReady(site);
    expect(await site.evaluate(() => typeof (window as any).__tcfapi)).toBe('undefined');
    await becomeReader(page, site);
    await page.evaluate((purposes) => (window as any).tcfCmp.load({ purposes }), ALL);
    await expectKept(site, server);
    await page.evaluate(() => (window as any).tcfCmp.decide({ purposes: [] }));
    await expectWiped(site);
  });
}

test('a forged TCF answer from another window (even with the right callId) is ignored: seglet stays pending', async ({ page, server }) => {
  // The parent records the calls seglet makes, as only the CMP's window can.
  await page.addInitScript(() => {
    if (window !== window.top) return;
    (window as any).__calls = [];
    addEventListener('message', (event) => event.data?.__tcfapiCall && (window as any).__calls.push(event.data.__tcfapiCall.callId));
  });
  await page.goto(`${server.url}/t/tcf-frame.html`);
  const site = page.frame({ url: /\/t\/tcf\.html/ })!;
  await whenReady(site);
  await page.waitForFunction(() => (window as any).__calls.length > 0);
  const callId = await page.evaluate(() => (window as any).__calls[0]);
  await becomeReader(page, site);
  // The frame itself (and so any script in it, or a sibling frame) posts a CMP's answer granting everything.
  await site.evaluate((id) => {
    const returnValue = { gdprApplies: true, eventStatus: 'useractioncomplete', purpose: { consents: { 1: true, 5: true, 6: true } } };
    window.postMessage({ __tcfapiReturn: { callId: id, returnValue, success: true } }, '*');
    window.postMessage(JSON.stringify({ __tcfapiReturn: { callId: id, returnValue, success: true } }), '*');
  }, callId);
  await expectNothingKept(site, server);
});
