// The package as its users get it, after the build: every `exports` target is there, `seglet/schema` loads
// in Node by name, and the declarations type-check for a TypeScript user resolving as Node or as a bundler.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const at = (path) => new URL(`../${path}`, import.meta.url);
const JSON_SCHEMAS = ['sync-batch', 'forget-request', 'model', 'rule'];

/** Every file an `exports` entry points at (its `*` pattern expanded to the JSON Schemas). */
function targets(value) {
  if (typeof value === 'string') return value.includes('*') ? JSON_SCHEMAS.map((n) => value.replace('*', n)) : [value];
  return Object.values(value).flatMap(targets);
}

describe('package exports', () => {
  test('point at files the build made, types first', () => {
    const files = [pkg.types, pkg.main, ...Object.values(pkg.exports).flatMap(targets)];
    expect(files.filter((f) => !existsSync(at(f)))).toEqual([]);
    for (const entry of Object.values(pkg.exports)) if (typeof entry === 'object') expect(Object.keys(entry)[0]).toBe('types');
  });

  test('seglet/schema and its JSON Schemas load by name', async () => {
    const { parseSyncPayload, ruleSchema } = await import('seglet/schema');
    expect(parseSyncPayload({ v: 1, op: 'forget', anonymousId: 'x', userId: null })).toEqual({
      ok: false,
      reason: 'payload.anonymousId: must be a UUID',
    });
    expect(ruleSchema.safeParse({ id: 'r', when: { cluster: 'a' } }).success).toBe(true);
    const require = createRequire(import.meta.url);
    expect(require('seglet/schema/sync-batch.json').title).toBe('seglet sync batch');
  });

  test('type-check for a TypeScript user, as Node resolves and as a bundler does', () => {
    const tsc = at('node_modules/typescript/bin/tsc').pathname;
    const project = at('test/consumer/tsconfig.json').pathname;
    const run = (...flags) => execFileSync(process.execPath, [tsc, '-p', project, ...flags], { encoding: 'utf8' });
    expect(run()).toBe('');
    expect(run('--module', 'esnext', '--moduleResolution', 'bundler')).toBe('');
  }, 120_000);
});
