/**
 * Hand-computed vectors (test/vectors/*.json, worked out from the README's "Rules" section) checked against both the
 * naive oracle (test/naive) and the real engine.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { compileAll, runReal } from '../../naive/driver';
import type { ExpectedError, Fault, VectorCase, VectorFile } from '../../naive/driver';
import { naiveTimeline } from '../../naive/naiveEngine';
import type { NaiveSnapshot } from '../../naive/naiveEngine';

const dir = new URL('../../vectors/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

function checkErrors(faults: readonly Fault[], expected: readonly ExpectedError[] = []) {
  const got = faults.map((f) => ({ rule: f.ruleId ?? null, path: f.path }));
  for (const e of expected) {
    const hit = got.find(
      (g) => g.rule === e.rule && (e.path !== undefined ? g.path === e.path : g.path.startsWith(e.pathPrefix ?? '')),
    );
    expect(hit, `expected a fault ${JSON.stringify(e)}, got ${JSON.stringify(got)}`).toBeDefined();
  }
  expect(got.length, `faults: ${JSON.stringify(faults)}`).toBe(expected.length);
}

function checkSnapshots(c: VectorCase, at: (t: number) => NaiveSnapshot) {
  for (const e of c.expect) {
    const s = at(e.at);
    expect(s.segments, `segments at ${e.at}`).toEqual([...e.segments].sort());
    for (const [name, value] of Object.entries(e.features ?? {})) {
      expect(s.features[name], `${name} at ${e.at}`).toBeTypeOf('number');
      expect(s.features[name], `${name} at ${e.at}`).toBeCloseTo(value, 6);
    }
  }
}

const probesOf = (c: VectorCase) => c.expect.map((e) => e.at);

let total = 0;
for (const file of files) {
  const data = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as VectorFile;
  total += data.cases.length;
  describe(file, () => {
    for (const c of data.cases) {
      describe(c.name, () => {
        test('naive oracle', () => {
          const run = naiveTimeline(c, probesOf(c));
          checkErrors(run.faults, c.errors);
          checkSnapshots(c, run.at);
        });

        test('real engine', () => {
          checkErrors(compileAll(c.rules).faults, c.errors);
          const snaps = runReal(c, probesOf(c));
          checkSnapshots(c, (t) => snaps.get(t)!);
        });
      });
    }
  });
}

test('there are at least 60 vectors', () => {
  expect(total).toBeGreaterThanOrEqual(60);
});
