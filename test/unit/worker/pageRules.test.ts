import { afterEach, describe, expect, test } from 'vitest';
import type { Membership } from '../../../src/engine/types';
import { createPageRules, MAX_PAGE_RULES_KEPT, PAGE_RULE_UNSEEN_MS } from '../../../workers/createPageRules';
import { deleteStorage } from '../../../workers/storage';
import { attachTab, makeHost, NOW, until } from './workerHarness';

afterEach(() => deleteStorage());

const DAY = 86_400_000;
const cart = { id: 'cart', when: { count: 'add_to_cart', within: '1h', gte: 1 }, ttl: '30m' };
const rule = (id: string) => ({ id, when: { count: 'click', within: '1m', gte: 1 } });
const ids = (list: { id: string }[]) => list.map((r) => r.id);

describe('page rules are remembered from page to page', () => {
  test('a rule absent from a later push stays in force; a pushed definition replaces the remembered one', () => {
    const rules = createPageRules();
    rules.push([cart, rule('a')], 0);
    rules.push([rule('b')], 1000);
    expect(ids(rules.inForce([], 1000))).toEqual(['cart', 'a', 'b']);
    const stricter = { ...cart, when: { ...cart.when, gte: 2 } };
    rules.push([stricter], 2000);
    expect(rules.inForce([], 2000).find((r) => r.id === 'cart')!.signature).toContain('"gte":2');
  });

  test('the model wins over a page rule of the same id', () => {
    const rules = createPageRules();
    rules.push([cart], 0);
    const model = createPageRules();
    model.push([{ ...cart, ttl: '1h' }], 0);
    const [fromModel] = model.inForce([], 0);
    expect(rules.inForce([fromModel!], 0)).toEqual([fromModel]);
  });

  test(`a rule no page pushed for ${PAGE_RULE_UNSEEN_MS / DAY} days is retired; pushing it again keeps it`, () => {
    const rules = createPageRules();
    rules.push([rule('old'), rule('kept')], 0);
    rules.push([rule('kept')], 20 * DAY);
    expect(ids(rules.inForce([], 30 * DAY))).toEqual(['old', 'kept']);
    expect(ids(rules.inForce([], 30 * DAY + 1))).toEqual(['kept']);
  });

  test(`at most ${MAX_PAGE_RULES_KEPT} are kept: the least recently pushed go first`, () => {
    const rules = createPageRules();
    for (let i = 0; i < MAX_PAGE_RULES_KEPT + 5; i++) rules.push([rule(`r${i}`)], i);
    const kept = ids(rules.inForce([], MAX_PAGE_RULES_KEPT + 5));
    expect(kept).toHaveLength(MAX_PAGE_RULES_KEPT);
    expect(kept[0]).toBe('r5');
  });

  test('saved and restored with the state; a definition pushed since wins over the stored one', () => {
    const earlier = createPageRules();
    earlier.push([cart, rule('a')], 0);
    const saved = JSON.parse(JSON.stringify(earlier.save()));
    const later = createPageRules();
    const newer = { ...rule('a'), ttl: '5m' };
    later.push([newer], 1000);
    later.restore(saved);
    expect(ids(later.inForce([], 1000)).sort()).toEqual(['a', 'cart']);
    expect(later.inForce([], 1000).find((r) => r.id === 'a')!.ttl).toBe(300_000);
    expect(later.save().find((r) => (r.rule as { id: string }).id === 'a')).toEqual({ rule: newer, seenAt: 1000 });
  });

  test('a bad rule is left out and listed with its message until a good definition of it is pushed', () => {
    const rules = createPageRules();
    const broken = { id: 'broken-window', when: { count: 'click', within: '5 minutes', gte: 1 } };
    expect(rules.push([broken, cart], 0)).toEqual([
      { rule: 'broken-window', message: expect.stringMatching(/^rule "broken-window" at when\.within: must be a duration like "30s"/) },
    ]);
    expect(ids(rules.inForce([], 0))).toEqual(['cart']);
    expect(rules.rejected().map((r) => r.rule)).toEqual(['broken-window']);
    rules.push([rule('broken-window')], 1);
    expect(rules.rejected()).toEqual([]);
  });
});

describe('in the worker: a membership keeps its ttl on pages that do not push its rule', () => {
  test('page A pushes the rule and the visitor enters; page B (no such rule) keeps them a member, expiry unchanged', async () => {
    const host = makeHost();
    const pageA = attachTab(host);
    await pageA.start({ rules: [cart] });
    pageA.send([{ name: 'add_to_cart', at: NOW - 1000 }]);
    await until(() => pageA.heard.some((m) => m.type === 'change'));
    const [entered] = (await pageA.call('getSegments', [])) as Membership[];
    expect(entered).toMatchObject({ id: 'cart', expiresAt: NOW - 1000 + 3_600_000 + 1_800_000 });
    await pageA.call('flush', []);
    pageA.close();

    // A navigation: the next page's worker starts from what was stored, with no rules of its own.
    const pageB = attachTab(makeHost());
    expect(await pageB.start({ rules: [] })).toMatchObject({ segments: ['cart'], entered: ['cart'] });
    expect(await pageB.call('getSegments', [])).toEqual([entered]);
    expect(pageB.heard.filter((m) => m.type === 'change')).toEqual([]);
    // Pushed again with another definition, it is a changed rule: judged anew, the visitor leaves it. (The README's
    // way to retire a page rule at once: a definition that cannot hold.)
    const pageC = attachTab(makeHost());
    await pageC.start({ rules: [{ id: 'cart', when: { not: { context: {} } } }] });
    expect(pageC.heard.filter((m) => m.type === 'error')).toEqual([]);
    expect(await pageC.call('getSegments', [])).toEqual([]);
    pageB.close();
    pageC.close();
  });

});
