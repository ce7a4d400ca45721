import type { Page } from '@playwright/test';
import { expect, recordEvents, test } from './fixtures';

/** Three clicks in one task: far under 50 ms apart, faster than any person. */
const clickAllAtOnce = (page: Page) =>
  page.evaluate(() => [1, 2, 3].forEach((n) => document.querySelector<HTMLElement>(`[data-seglet-key="fan-${n}"]`)!.click()));
const ready = (page: Page) => page.waitForFunction(() => (window as any).__events.some((e: any) => e.type === 'ready'));

test('by default, clicks faster than a person never count toward rules', async ({ page, server }) => {
  await recordEvents(page);
  await page.goto(`${server.url}/t/plain.html`);
  await ready(page);
  await clickAllAtOnce(page);
  await page.evaluate(() => (window as any).seglet.flush());
  expect((await page.evaluate(() => (window as any).seglet.explain('button-fan'))).member).toBe(false);
  await expect(page.locator('#fan-content')).toBeHidden();
});

test('bot: { behaviour: false } lets an automated test click at any pace', async ({ page, server }) => {
  await recordEvents(page);
  await page.addInitScript(() => (window as any).seglet.push(['config', { bot: { webdriver: false, behaviour: false } }]));
  await page.goto(`${server.url}/t/plain.html`);
  await ready(page);
  await clickAllAtOnce(page);
  await expect(page.locator('#fan-content')).toBeVisible();
});
