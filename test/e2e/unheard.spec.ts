import { expect, test } from './fixtures';

test('a fault nobody listens for goes to the console, once; with a listener, only to the listener', async ({ page, server }) => {
  const warnings: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.addInitScript(() => {
    const broken = { id: 'broken-window', when: { count: 'page_view', within: '5 minutes', gte: 1 } };
    (window as any).__testRules = [broken];
  });
  await page.goto(`${server.url}/t/plain.html`);
  await expect.poll(() => warnings.filter((w) => w.includes('broken-window'))).toEqual([
    expect.stringMatching(/^\[seglet\] invalid_rule: rule "broken-window" at when\.within: must be a duration like "30s"/),
  ]);
  // The same fault again (a consent call the page got wrong, twice) is printed once.
  await page.evaluate(() => ((window as any).seglet.consent('maybe'), (window as any).seglet.consent('maybe')));
  await expect.poll(() => warnings.filter((w) => w.includes('consent('))).toHaveLength(1);
  await page.waitForTimeout(300);
  expect(warnings.filter((w) => w.includes('consent('))).toHaveLength(1);

  // Once a page listens to `error`, its faults are the listener's and the console stays quiet.
  await page.evaluate(() => {
    (window as any).__errors = [];
    (window as any).seglet.on('error', (e: unknown) => (window as any).__errors.push(e));
    (window as any).seglet.consent('perhaps');
  });
  await expect.poll(() => page.evaluate(() => (window as any).__errors.length)).toBe(1);
  expect(warnings.filter((w) => w.includes('perhaps'))).toEqual([]);
});
