/**
 * Differential test: thousands of random event streams and rule sets, the real engine against the naive oracle
 * (test/naive/naiveEngine.ts, written from the README only), compared at many probe times: segments exactly, every
 * feature within 1e-6. Reproducible: the seed is printed; DIFF_SEED and DIFF_SCALE override it and the case counts.
 * A failure prints the number of failing cases and a shrunk, minimal failing case as JSON.
 */
import { describe, expect, test } from 'vitest';
import { compileAll, runReal } from '../../naive/driver';
import { naiveTimeline, validateRule } from '../../naive/naiveEngine';
import type { NaiveRun, NaiveSnapshot } from '../../naive/naiveEngine';
import { genCase, prng, shrink } from '../../naive/random';
import type { GenOptions, RandomCase } from '../../naive/random';

const SEED = Number(process.env.DIFF_SEED ?? 20261122);
const SCALE = Number(process.env.DIFF_SCALE ?? 1);

interface Mismatch {
  at: number;
  what: string;
}

/** Rules both sides accept (a rule only one side rejects is reported separately and left out). */
function commonRules(c: RandomCase): { rules: unknown[]; disagreements: string[] } {
  const engineFaults = compileAll(c.rules).faults;
  const rules: unknown[] = [];
  const disagreements: string[] = [];
  for (const raw of c.rules) {
    const id = (raw as { id: string }).id;
    const naiveOk = 'rule' in validateRule(raw);
    const engineFault = engineFaults.find((f) => f.ruleId === id);
    if (naiveOk && !engineFault) rules.push(raw);
    else if (naiveOk !== !engineFault) {
      disagreements.push(
        `${JSON.stringify(raw)}: naive ${naiveOk ? 'accepts' : 'rejects'}, engine ${engineFault ? `rejects (${engineFault.path}: ${engineFault.message})` : 'accepts'}`,
      );
    }
  }
  return { rules, disagreements };
}

function diff(out: Mismatch[], label: string, times: readonly number[], real: Map<number, NaiveSnapshot>, naive: NaiveRun) {
  for (const at of times) {
    const a = real.get(at)!;
    const b = naive.at(at);
    if (JSON.stringify(a.segments) !== JSON.stringify(b.segments)) {
      out.push({ at, what: `${label}segments: engine ${JSON.stringify(a.segments)}, naive ${JSON.stringify(b.segments)}` });
    }
    for (const [name, x] of Object.entries(b.features)) {
      const y = a.features[name];
      if (typeof y !== 'number' || !(Math.abs(x - y) <= 1e-6)) out.push({ at, what: `${label}${name}: engine ${y}, naive ${x}` });
    }
  }
}

/**
 * Compares at `c.probes` with an engine ticked only at its wake-ups and those probes (so a missed wake-up shows),
 * and, for dense cases, at every second with an engine ticked at every second (so every instant is compared).
 */
function compare(c: RandomCase): Mismatch[] {
  const end = Math.max(...c.probes);
  const every = c.dense ? Array.from({ length: end / 1000 + 1 }, (_, i) => i * 1000) : [];
  const naive = naiveTimeline(c, [...new Set([...c.probes, ...every])]);
  const out: Mismatch[] = [];
  try {
    diff(out, '', c.probes, runReal(c, c.probes), naive);
    if (c.dense && out.length === 0) diff(out, '[ticked every second] ', every, runReal(c, every), naive);
  } catch (e) {
    return [{ at: -1, what: `engine threw: ${(e as Error).stack ?? e}` }];
  }
  return out.sort((a, b) => a.at - b.at);
}

/** A failing case's kind: the fields that differ at its first differing probe (and whether that probe is exactly
 * 30 min after an event, the session-end instant). */
function kindOf(c: RandomCase, m: Mismatch[]): string {
  const at = m[0]!.at;
  const fields = [...new Set(m.filter((x) => x.at === at).map((x) => x.what.split(':')[0]!.replace(/^\[.*\] /, '')))]
    .sort()
    .join(',');
  return c.events.some((e) => e.at + 30 * 60_000 === at) ? `${fields} @session-end` : fields;
}

function run(label: string, seed: number, count: number, options: GenOptions) {
  const r = prng(seed);
  const kinds = new Map<string, { n: number; index: number; c: RandomCase }>();
  let failures = 0;
  const ruleDisagreements = new Set<string>();
  for (let i = 0; i < count; i++) {
    const generated = genCase(r, options);
    const { rules, disagreements } = commonRules(generated);
    disagreements.forEach((d) => ruleDisagreements.add(d));
    if (rules.length === 0) continue;
    const c = { ...generated, rules };
    const mismatches = compare(c);
    if (!mismatches.length) continue;
    failures++;
    const kind = kindOf(c, mismatches);
    const k = kinds.get(kind);
    if (k) k.n++;
    else kinds.set(kind, { n: 1, index: i, c });
  }
  const report: string[] = [`[${label}] seed ${seed}, ${count} cases`];
  if (ruleDisagreements.size) {
    report.push(`${ruleDisagreements.size} rules accepted by one side only (left out of the comparison), e.g.:`);
    report.push(...[...ruleDisagreements].slice(0, 3).map((d) => `  ${d}`));
  }
  if (failures) {
    report.push(`${failures} of ${count} cases differ. Kinds (fields differing at the first differing probe):`);
    const sorted = [...kinds.entries()].sort((a, b) => b[1].n - a[1].n);
    for (const [kind, { n, index }] of sorted) report.push(`  ${n} × ${kind} (first: case #${index})`);
    // A minimal case for each of the three most frequent kinds.
    for (const [kind, { c }] of sorted.slice(0, 3)) {
      const small = shrink(c, (x) => compare(x).length > 0, 250);
      report.push(
        `Minimal case for "${kind}" (probes = times compared; driver: runReal in test/naive/driver.ts):`,
        JSON.stringify(small),
        ...compare(small)
          .slice(0, 8)
          .map((m) => `  at ${m.at}: ${m.what}`),
      );
    }
  }
  console.log(report.join('\n'));
  // A rule only one side accepts is a failure too.
  return { failures: failures + ruleDisagreements.size, report: report.join('\n') };
}

describe('differential: real engine vs naive oracle', () => {
  const n = (x: number) => Math.max(1, Math.round(x * SCALE));

  test('windows, absent, sequence, context, cluster, ttl and damping (short streams)', () => {
    const { failures, report } = run('short', SEED, n(1000), { bots: false, features: false, long: false });
    expect(failures, report).toBe(0);
  }, 120_000);

  test('feature conditions and every feature (short streams)', () => {
    const { failures, report } = run('features', SEED + 1, n(400), { bots: false, features: true, long: false });
    expect(failures, report).toBe(0);
  }, 120_000);

  test('long streams: sessions, gaps over 30 min, ttl and damping tails', () => {
    const { failures, report } = run('long', SEED + 2, n(120), { bots: false, features: true, long: true });
    expect(failures, report).toBe(0);
  }, 120_000);

  test('bot signals: rapid clicks, triples and bursts', () => {
    const { failures, report } = run('bots', SEED + 3, n(300), { bots: true, features: true, long: false });
    expect(failures, report).toBe(0);
  }, 120_000);

  test('flapping at a threshold: exits, quick re-entries, damping holds up to the cap, ttl tails', () => {
    const { failures, report } = run('flappy', SEED + 4, n(100), { bots: false, features: false, long: false, flappy: true });
    expect(failures, report).toBe(0);
  }, 120_000);

  test('the naive oracle is deterministic and the generator reproducible', () => {
    const a = genCase(prng(7), { bots: true, features: true, long: true });
    const b = genCase(prng(7), { bots: true, features: true, long: true });
    expect(a).toEqual(b);
    const x = naiveTimeline(a, a.probes);
    const y = naiveTimeline(b, b.probes);
    for (const p of a.probes) expect(x.at(p)).toEqual(y.at(p));
  });
});
