import { afterEach, describe, expect, test } from 'vitest';
import type { Inspection } from '../../../src/protocol';
import { deleteStorage } from '../../../workers/storage';
import { attachTab, makeHost, NOW } from './workerHarness';

afterEach(() => deleteStorage());

const broken = { id: 'broken-window', when: { count: 'click', within: '5 minutes', gte: 1 } };
const cart = { id: 'cart', when: { count: 'add_to_cart', within: '1h', gte: 1 } };
const inspect = (tab: ReturnType<typeof attachTab>) => tab.call('inspect', []) as Promise<Inspection>;

describe('inspect(), for the debug overlay', () => {
  test('lists every rejected rule, the page\'s and the model\'s, with the message its error carried', async () => {
    const model = { version: 'm1', rules: [cart, { id: 'bad-model-rule', when: { feature: 'no_such_feature', gt: 1 } }] };
    const fetch = async (_url: unknown, init?: RequestInit) =>
      (init?.headers as Record<string, string>)['If-None-Match'] === '"m1"'
        ? new Response(null, { status: 304 })
        : new Response(JSON.stringify(model), { headers: { etag: '"m1"' } });
    const tab = attachTab(makeHost({ fetch: fetch as typeof globalThis.fetch }));
    await tab.start({ rules: [broken], model: 'https://models.test/model.json' });
    await tab.call('refreshModel', []);
    const { rejected, rules } = await inspect(tab);
    expect(rejected).toEqual([
      { rule: 'broken-window', message: 'rule "broken-window" at when.within: must be a duration like "30s", "2m", "1h", "7d" or milliseconds' },
      { rule: 'bad-model-rule', message: expect.stringMatching(/^rule "bad-model-rule" at when\.feature: /) },
    ]);
    // The same messages the page's `error` listeners were given.
    const told = tab.heard.flatMap((m) => (m.type === 'error' ? [m.error.message] : []));
    expect(told).toEqual(rejected.map((r) => r.message));
    expect(rules).toEqual(['cart']);
    tab.close();
  });

  test('bot: null for a person; the reason when seglet takes the visitor for a bot', async () => {
    const person = attachTab(makeHost());
    await person.start({ context: { webdriver: false } });
    expect((await inspect(person)).bot).toBeNull();
    person.close();
    await deleteStorage();

    const automated = attachTab(makeHost());
    await automated.start({ context: { webdriver: true } });
    expect((await inspect(automated)).bot).toBe('navigator.webdriver is true (automated browser); set bot: { webdriver: false } for tests');
    automated.close();
    await deleteStorage();

    // Three clicks 10 ms apart, as a test runner makes them: a behavioural signal.
    const fast = attachTab(makeHost());
    await fast.start({ context: { webdriver: false } });
    fast.send([0, 10, 20, 30].map((ms) => ({ name: 'click', at: NOW - 1000 + ms })));
    await fast.call('hello', []);
    expect((await inspect(fast)).bot).toMatch(/^inhumanly fast clicks \(3 in a row, each under 50 ms after the last\)/);
    fast.close();
  });
});
