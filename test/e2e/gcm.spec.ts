import { clickInTurn, expect, recordEvents, test } from './fixtures';
import { becomeReader, expectKept, expectNothingKept, expectWiped, recorded, whenReady } from './cmpHelpers';

// seglet with `data-consent="gcm"` on a page with gtag's Consent Mode v2 commands (`gtag('consent', …)`,
// which push Arguments objects to the dataLayer), some before seglet loads and some after.
const PAGE = '/t/gcm.html';
const gtag = (...args: unknown[]) => `gtag(${args.map((a) => JSON.stringify(a)).join(', ')})`;

test.beforeEach(async ({ page }) => recordEvents(page));
test.afterEach(async ({ page }) => expect((await recorded(page)).filter((e) => e.type === 'error')).toEqual([]));

test('defaults denied before seglet loads: pending; the update granting analytics_storage after: granted', async ({ page, server }) => {
  await page.goto(`${server.url}${PAGE}?default=denied`);
  await whenReady(page);
  await becomeReader(page);
  await expectNothingKept(page, server);
  await page.evaluate(gtag('consent', 'update', { ad_storage: 'granted', analytics_storage: 'granted' }));
  await expectKept(page, server);
});

test('no consent command at all (a CMP that never answers): pending, nothing stored or sent', async ({ page, server }) => {
  await page.goto(`${server.url}${PAGE}`);
  await whenReady(page);
  await becomeReader(page);
  await expectNothingKept(page, server);
});

test('an update that grants analytics_storage but denies personalization_storage: denied', async ({ page, server }) => {
  await page.goto(`${server.url}${PAGE}?default=denied`);
  await whenReady(page);
  await becomeReader(page);
  await page.evaluate(gtag('consent', 'update', { analytics_storage: 'granted', personalization_storage: 'denied' }));
  await expectNothingKept(page, server);
  // Denied wiped the history: the visitor reads again once both are granted.
  await page.evaluate(gtag('consent', 'update', { personalization_storage: 'granted' }));
  await clickInTurn(page, [page.locator('#read')]);
  await expectKept(page, server);
});

test('granted by default, then the visitor denies analytics_storage: the device is wiped', async ({ page, server }) => {
  await page.goto(`${server.url}${PAGE}?default=granted`);
  await whenReady(page);
  await becomeReader(page);
  await expectKept(page, server);
  await page.evaluate(gtag('consent', 'update', { analytics_storage: 'denied' }));
  await expectWiped(page);
});

test('a data-consent value seglet does not know starts pending: nothing stored or sent, no integrations loaded', async ({ page, server }) => {
  const requested: string[] = [];
  page.on('request', (request) => request.url().includes('seglet.integrations') && requested.push(request.url()));
  await page.goto(`${server.url}/t/consent.html?consent=yes-please`);
  await whenReady(page);
  await becomeReader(page);
  await expectNothingKept(page, server);
  expect(requested).toEqual([]);
});
