import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { compileRule } from '../../../src/engine/compileRule';
import { createEngine } from '../../../src/engine/createEngine';
import type { CompiledRule } from '../../../src/engine/rule';
import type { SegEvent } from '../../../src/engine/types';

/** The rule examples of the README's "Rules" section, parsed from its JSON block. */
function readmeRules(): Record<string, unknown> {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Rules'));
  const block = /```json\n([\s\S]*?)```/.exec(section)![1]!;
  const rules: unknown[] = [];
  let depth = 0;
  let start = 0;
  [...block].forEach((ch, i) => {
    if (ch === '{' && depth++ === 0) start = i;
    if (ch === '}' && --depth === 0) rules.push(JSON.parse(block.slice(start, i + 1)));
  });
  return Object.fromEntries(rules.map((r) => [(r as { id: string }).id, r]));
}

function play(rule: unknown, events: Array<[number, string, Record<string, string | number>?]>, at: number) {
  const compiled = compileRule(rule);
  if (!('rule' in compiled)) throw new Error(JSON.stringify(compiled.fault));
  let clock = 0;
  const engine = createEngine({ now: () => clock, rules: [compiled.rule as CompiledRule] });
  engine.tick();
  for (const [t, name, props] of events) {
    clock = t;
    engine.ingest([{ name, at: t, props } as SegEvent]);
  }
  clock = at;
  engine.tick();
  return engine.getMemberships().map((m) => m.id);
}

const rules = readmeRules();
const MIN = 60_000;

describe('the README rule examples', () => {
  test('are all there and valid', () => {
    expect(Object.keys(rules).sort()).toEqual(['breaking-news-reader', 'cart-abandoner', 'high-engagement', 'high-intent-lead']);
    for (const rule of Object.values(rules)) expect(compileRule(rule)).toHaveProperty('rule');
  });

  test('high-intent-lead: five page views and a form submission within two minutes', () => {
    const views = [0, 10, 20, 30].map((s) => [s * 1000, 'page_view'] as [number, string]);
    expect(play(rules['high-intent-lead'], [...views, [40_000, 'form_submit']], 41_000)).toEqual([]);
    expect(play(rules['high-intent-lead'], [...views, [40_000, 'form_submit'], [50_000, 'page_view']], 51_000)).toEqual(['high-intent-lead']);
    // Lasts 30 min (ttl) after the condition stopped holding at 2 min after the first view.
    expect(play(rules['high-intent-lead'], [...views, [40_000, 'form_submit'], [50_000, 'page_view']], 2 * MIN + 30 * MIN - 1)).toEqual(['high-intent-lead']);
    expect(play(rules['high-intent-lead'], [...views, [40_000, 'form_submit'], [50_000, 'page_view']], 2 * MIN + 30 * MIN)).toEqual([]);
  });

  test('cart-abandoner: added to cart, no purchase for 30 minutes', () => {
    const cart: [number, string] = [0, 'add_to_cart'];
    expect(play(rules['cart-abandoner'], [cart], 30 * MIN - 1)).toEqual([]);
    expect(play(rules['cart-abandoner'], [cart], 30 * MIN)).toEqual(['cart-abandoner']);
    expect(play(rules['cart-abandoner'], [cart, [10 * MIN, 'purchase']], 45 * MIN)).toEqual([]);
  });

  test('high-engagement: more than three product pages in a session lasting over ten minutes', () => {
    const pages = ['/product/a', '/product/b', '/product/c', '/product/d', '/about'];
    const views = pages.map((path, i) => [i * 2 * MIN, 'page_view', { path }] as [number, string, Record<string, string>]);
    expect(play(rules['high-engagement'], views.slice(0, 4), 10 * MIN)).toEqual([]); // four pages but 6 minutes
    expect(play(rules['high-engagement'], views, 8 * MIN + 1)).toEqual([]); // the fifth is no product page; 8 minutes
    expect(play(rules['high-engagement'], [...views, [10 * MIN + 1000, 'click', { key: 'buy' }]], 10 * MIN + 1000)).toEqual(['high-engagement']);
  });

  test('breaking-news-reader: three headline clicks within a minute', () => {
    const clicks = [0, 20_000, 40_000].map((t, i) => [t, 'click', { key: `headline-${i}` }] as [number, string, Record<string, string>]);
    expect(play(rules['breaking-news-reader'], clicks.slice(0, 2), 41_000)).toEqual([]);
    expect(play(rules['breaking-news-reader'], clicks, 41_000)).toEqual(['breaking-news-reader']);
    expect(play(rules['breaking-news-reader'], [[0, 'click', { key: 'nav' }], ...clicks.slice(1)], 41_000)).toEqual([]);
  });
});

test("the demo model's rules are all valid", () => {
  const model = JSON.parse(readFileSync(new URL('../../../examples/server/model.json', import.meta.url), 'utf8'));
  for (const rule of model.rules) expect(compileRule(rule), rule.id).toHaveProperty('rule');
});
