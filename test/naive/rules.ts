/**
 * Independent rule validation for the naive oracle, written from the README ("Rules") only.
 * Produces a small AST with durations in milliseconds, or a fault `{ ruleId, path, message }` whose path follows the
 * README's example (`when.all[1].within`, `ttl`, `(rule)` for the rule object itself).
 */

export type Scalar = string | number | boolean | null;

export interface Cmp {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  eq?: number;
}

export type Matcher =
  | { kind: 'eq'; value: Scalar }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'in'; values: Scalar[] }
  | { kind: 'cmp'; cmp: Cmp };

export type Where = Record<string, Matcher>;

/** `'session'` or milliseconds. */
export type Win = number | 'session';

export type NCond =
  | { k: 'all' | 'any'; of: NCond[] }
  | { k: 'not'; of: NCond }
  | { k: 'count'; event: string; where: Where; within: Win; cmp: Cmp }
  | { k: 'distinct'; event: string; by: string; where: Where; within: Win; cmp: Cmp }
  | { k: 'sum'; event: string; of: string; where: Where; within: Win; cmp: Cmp }
  | { k: 'absent'; x: string; y: string; for: number }
  | { k: 'sequence'; steps: { event: string; where: Where }[]; within: Win }
  | { k: 'feature'; name: string; cmp: Cmp }
  | { k: 'context'; where: Where }
  | { k: 'cluster'; id: string };

export interface NRule {
  id: string;
  ttl: number | undefined;
  when: NCond;
}

export interface NFault {
  ruleId: string | undefined;
  path: string;
  message: string;
}

export const FEATURE_NAMES = [
  'session_duration_s',
  'page_views_session',
  'page_velocity',
  'dwell_avg_s',
  'scroll_depth_avg',
  'click_rate',
  'form_submits_session',
  'cart_adds_7d',
  'purchases_30d',
  'revenue_30d',
  'sessions_30d',
  'recency_days',
  'engagement_score',
  'bot_score',
] as const;

export const MAX_DEPTH = 16;

const UNIT: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `"30s"`, `"2m"`, `"1h"`, `"7d"`, `"250ms"`, or a non-negative number of milliseconds. */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(v);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNIT[m[2]!]!);
}

class Fault extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is Scalar =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const CMP_KEYS = ['gt', 'gte', 'lt', 'lte', 'eq'] as const;

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function onlyKeys(node: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(node)) {
    if (!allowed.includes(key)) throw new Fault(path || '(rule)', `unknown key "${key}"`);
  }
}

function str(node: Record<string, unknown>, key: string, path: string): string {
  const v = node[key];
  if (typeof v !== 'string' || v === '') throw new Fault(join(path, key), 'expected a non-empty string');
  return v;
}

function cmpOf(node: Record<string, unknown>, path: string): Cmp {
  const cmp: Cmp = {};
  for (const key of CMP_KEYS) {
    if (!(key in node)) continue;
    const v = node[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Fault(join(path, key), 'expected number');
    cmp[key] = v;
  }
  if (Object.keys(cmp).length === 0) throw new Fault(path, 'needs one of gt, gte, lt, lte, eq');
  return cmp;
}

function windowOf(node: Record<string, unknown>, key: string, path: string): Win {
  const v = node[key];
  if (v === 'session') return 'session';
  const ms = parseDuration(v);
  if (ms === undefined) throw new Fault(join(path, key), 'must be a duration ("30s", "2m", "1h", "7d", "250ms", ms) or "session"');
  return ms;
}

function durationOf(node: Record<string, unknown>, key: string, path: string): number {
  const ms = parseDuration(node[key]);
  if (ms === undefined) throw new Fault(join(path, key), 'must be a duration');
  return ms;
}

function matcherOf(v: unknown, path: string): Matcher {
  if (isScalar(v)) return { kind: 'eq', value: v };
  if (!isObj(v)) throw new Fault(path, 'expected a value, prefix, in or comparisons');
  if ('prefix' in v) {
    onlyKeys(v, ['prefix'], path);
    if (typeof v.prefix !== 'string') throw new Fault(join(path, 'prefix'), 'expected string');
    return { kind: 'prefix', prefix: v.prefix };
  }
  if ('in' in v) {
    onlyKeys(v, ['in'], path);
    if (!Array.isArray(v.in) || !v.in.every(isScalar)) throw new Fault(join(path, 'in'), 'expected an array of values');
    return { kind: 'in', values: v.in as Scalar[] };
  }
  onlyKeys(v, CMP_KEYS, path);
  return { kind: 'cmp', cmp: cmpOf(v, path) };
}

function whereOf(v: unknown, path: string): Where {
  if (v === undefined) return {};
  if (!isObj(v)) throw new Fault(path, 'expected object');
  const where: Where = {};
  for (const [key, m] of Object.entries(v)) where[key] = matcherOf(m, join(path, key));
  return where;
}

const KINDS = ['all', 'any', 'not', 'count', 'distinct', 'sum', 'absent', 'sequence', 'feature', 'context', 'cluster'] as const;

function condOf(v: unknown, path: string, depth: number): NCond {
  if (depth > MAX_DEPTH) throw new Fault(path, `nested deeper than ${MAX_DEPTH} levels`);
  if (!isObj(v)) throw new Fault(path, 'expected a condition');
  const kinds = KINDS.filter((k) => k in v);
  if (kinds.length !== 1) throw new Fault(path, 'expected a condition');
  const kind = kinds[0]!;
  switch (kind) {
    case 'all':
    case 'any': {
      onlyKeys(v, [kind], path);
      const list = v[kind];
      const p = join(path, kind);
      if (!Array.isArray(list)) throw new Fault(p, 'expected array');
      if (list.length === 0) throw new Fault(p, 'needs at least 1 condition');
      return { k: kind, of: list.map((c, i) => condOf(c, `${p}[${i}]`, depth + 1)) };
    }
    case 'not':
      onlyKeys(v, ['not'], path);
      return { k: 'not', of: condOf(v.not, join(path, 'not'), depth + 1) };
    case 'count': {
      onlyKeys(v, ['count', 'where', 'within', ...CMP_KEYS], path);
      const event = str(v, 'count', path);
      const where = whereOf(v.where, join(path, 'where'));
      const within = windowOf(v, 'within', path);
      return { k: 'count', event, where, within, cmp: cmpOf(v, path) };
    }
    case 'distinct': {
      onlyKeys(v, ['distinct', 'by', 'where', 'within', ...CMP_KEYS], path);
      const event = str(v, 'distinct', path);
      const by = str(v, 'by', path);
      const where = whereOf(v.where, join(path, 'where'));
      const within = windowOf(v, 'within', path);
      return { k: 'distinct', event, by, where, within, cmp: cmpOf(v, path) };
    }
    case 'sum': {
      onlyKeys(v, ['sum', 'of', 'where', 'within', ...CMP_KEYS], path);
      const event = str(v, 'sum', path);
      const of = str(v, 'of', path);
      const where = whereOf(v.where, join(path, 'where'));
      const within = windowOf(v, 'within', path);
      return { k: 'sum', event, of, where, within, cmp: cmpOf(v, path) };
    }
    case 'absent': {
      onlyKeys(v, ['absent', 'after', 'for'], path);
      return { k: 'absent', x: str(v, 'absent', path), y: str(v, 'after', path), for: durationOf(v, 'for', path) };
    }
    case 'sequence': {
      onlyKeys(v, ['sequence', 'within'], path);
      const p = join(path, 'sequence');
      if (!Array.isArray(v.sequence)) throw new Fault(p, 'expected array');
      if (v.sequence.length === 0) throw new Fault(p, 'needs at least 1 step');
      const steps = v.sequence.map((s: unknown, i: number) => {
        const sp = `${p}[${i}]`;
        if (typeof s === 'string' && s !== '') return { event: s, where: {} };
        if (!isObj(s)) throw new Fault(sp, 'expected an event name or { event, where }');
        onlyKeys(s, ['event', 'where'], sp);
        return { event: str(s, 'event', sp), where: whereOf(s.where, join(sp, 'where')) };
      });
      return { k: 'sequence', steps, within: windowOf(v, 'within', path) };
    }
    case 'feature': {
      onlyKeys(v, ['feature', ...CMP_KEYS], path);
      const name = v.feature;
      if (typeof name !== 'string' || !(FEATURE_NAMES as readonly string[]).includes(name)) {
        throw new Fault(join(path, 'feature'), 'unknown feature');
      }
      return { k: 'feature', name, cmp: cmpOf(v, path) };
    }
    case 'context':
      onlyKeys(v, ['context'], path);
      if (!isObj(v.context)) throw new Fault(join(path, 'context'), 'expected object');
      return { k: 'context', where: whereOf(v.context, join(path, 'context')) };
    case 'cluster':
      onlyKeys(v, ['cluster'], path);
      return { k: 'cluster', id: str(v, 'cluster', path) };
  }
}

export function validateRule(raw: unknown): { rule: NRule } | { fault: NFault } {
  const ruleId = isObj(raw) && typeof raw.id === 'string' ? raw.id : undefined;
  try {
    if (!isObj(raw)) throw new Fault('(rule)', 'expected object');
    onlyKeys(raw, ['id', 'when', 'ttl'], '');
    if (typeof raw.id !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/.test(raw.id)) {
      throw new Fault('id', 'expected string of letters, digits, "-", "_"');
    }
    const when = condOf(raw.when, 'when', 1);
    const ttl = raw.ttl === undefined ? undefined : durationOf(raw, 'ttl', '');
    return { rule: { id: raw.id, ttl, when } };
  } catch (e) {
    if (e instanceof Fault) return { fault: { ruleId, path: e.path, message: e.message } };
    throw e;
  }
}
