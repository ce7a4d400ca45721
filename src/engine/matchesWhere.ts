import { compare } from './compare';
import type { Matcher, Where } from './rule';
import type { Scalar } from './types';

function matches(value: Scalar | undefined, test: Matcher): boolean {
  if (test === null || typeof test !== 'object') return value === test;
  if ('prefix' in test) return typeof value === 'string' && value.startsWith(test.prefix);
  if ('in' in test) return value !== undefined && test.in.includes(value);
  return compare(value, test);
}

/** True when the fields (event props or context) pass every test of `where` (no `where`: always). */
export function matchesWhere(fields: Record<string, Scalar> | undefined, where: Where | undefined): boolean {
  if (!where) return true;
  for (const key in where) if (!matches(fields?.[key], where[key]!)) return false;
  return true;
}
