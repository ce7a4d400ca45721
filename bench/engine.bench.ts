/**
 * Engine throughput and memory: per-event cost for 10, 100 and 1,000 rules and for histories of 1k and
 * 1M events, and the heap after 1M events. Run with `npm run bench:engine`.
 *
 * Rule sets grow with rules on other events (as a site adds campaigns); each measured event can affect
 * the same handful of rules whatever the size of the set, so a flat per-event cost shows the engine
 * does no work for rules an event cannot affect, nor for the length of the history.
 */
import { test } from 'vitest';
import { compileRule } from '../src/engine/compileRule';
import { createEngine } from '../src/engine/createEngine';
import type { SegEvent } from '../src/engine/types';

const MEASURED = 20_000;

function rulesFor(n: number) {
  const raw: unknown[] = [
    { id: 'news', ttl: '30m', when: { count: 'click', where: { key: { prefix: 'headline' } }, within: '1m', gte: 3 } },
    { id: 'lead', when: { all: [{ count: 'page_view', within: '2m', gte: 5 }, { count: 'form_submit', within: '2m', gte: 1 }] } },
    { id: 'browser', when: { distinct: 'page_view', by: 'path', within: 'session', gt: 3 } },
    { id: 'engaged', when: { feature: 'session_duration_s', gt: 600 } },
    { id: 'abandoner', when: { absent: 'purchase', after: 'add_to_cart', for: '30m' } },
  ];
  for (let i = raw.length; i < n; i++) {
    const event = `campaign_${i}`;
    const kinds = [
      { count: event, within: '10m', gte: 2 },
      { sum: event, of: 'value', within: '1h', gt: 10 },
      { sequence: [event, `${event}_done`], within: '5m' },
      { absent: `${event}_done`, after: event, for: '1h' },
    ];
    raw.push({ id: `rule-${i}`, when: kinds[i % kinds.length] });
  }
  return raw.map((r) => {
    const result = compileRule(r);
    if (!('rule' in result)) throw new Error(JSON.stringify(result.fault));
    return result.rule;
  });
}

/** A plausible stream: mostly clicks, page views and scrolls, some page leaves, forms and carts. */
function eventAt(i: number, at: number): SegEvent {
  const r = i % 20;
  if (r < 8) return { name: 'click', at, props: { key: r < 3 ? `headline-${i % 7}` : `nav-${i % 5}`, tag: 'a' } };
  if (r < 12) return { name: 'page_view', at, props: { path: `/product/${i % 13}`, referrer: '', title: 'Product' } };
  if (r < 15) return { name: 'scroll_depth', at, props: { path: '/product/1', depth: 25 * (1 + (i % 4)) } };
  if (r < 17) return { name: 'page_leave', at, props: { path: '/product/1', dwell_ms: 1000 * (i % 90), scroll_depth: 0.5 } };
  if (r === 17) return { name: 'form_focus', at, props: { form: 'contact', field: 'email' } };
  if (r === 18) return { name: 'add_to_cart', at, props: { sku: `SKU-${i % 9}`, price: 10 + (i % 90) } };
  return { name: 'form_submit', at, props: { form: 'contact' } };
}

function run(rules: number, history: number) {
  let clock = Date.UTC(2026, 0, 1);
  const engine = createEngine({ now: () => clock, rules: rulesFor(rules) });
  engine.tick();
  // 700 ms between events: a brisk human pace (no rapid clicks), with a 40-minute break every 5,000.
  const step = (i: number) => (clock += i % 5000 === 4999 ? 40 * 60_000 : 700);
  for (let i = 0; i < history; i++) engine.ingest([eventAt(i, step(i))]);
  const start = process.hrtime.bigint();
  for (let i = history; i < history + MEASURED; i++) engine.ingest([eventAt(i, step(i))]);
  const ns = Number(process.hrtime.bigint() - start);
  return { usPerEvent: ns / MEASURED / 1000, eventsPerSecond: Math.round((MEASURED * 1e9) / ns), engine };
}

test('engine throughput and memory', () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  const heapMiB = () => (gc?.(), process.memoryUsage().heapUsed / 2 ** 20);
  const rows: string[] = [];
  run(100, 20_000); // warm the JIT up before measuring anything
  const results: Record<string, unknown>[] = [];
  for (const history of [1_000, 1_000_000]) {
    for (const rules of [10, 100, 1000]) {
      if (history === 1_000_000 && rules !== 100) continue; // 1M events once, at the middle rule count
      // Median of three runs: the machine is shared and noisy.
      const runs = [0, 1, 2].map(() => run(rules, history)).sort((a, b) => a.usPerEvent - b.usPerEvent);
      const { usPerEvent, eventsPerSecond, engine } = runs[1]!;
      const heap = heapMiB(); // the whole process's heap after a GC, with this engine alive
      const stateKiB = JSON.stringify(engine.getState()).length / 1024;
      results.push({ rules, history, usPerEvent, eventsPerSecond, heapMiB: heap, stateKiB });
      rows.push(
        `| ${rules} | ${history.toLocaleString('en')} | ${usPerEvent.toFixed(2)} | ${eventsPerSecond.toLocaleString('en')} | ${heap.toFixed(1)} | ${stateKiB.toFixed(0)} |`,
      );
      process.stderr.write(`rules ${rules}, history ${history}: ${usPerEvent.toFixed(2)} µs/event\n`);
    }
  }
  console.log('| rules | history (events) | µs per event | events/s | heap after (MiB) | state (KiB, JSON) |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
  rows.forEach((row) => console.log(row));
  console.log(`\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}; per-event cost: median of 3 runs, each over ${MEASURED.toLocaleString('en')} events after the history.`);
  if (!gc) console.log('(run with --expose-gc for heap figures)');
  console.log(`\n${JSON.stringify(results)}`);
});
