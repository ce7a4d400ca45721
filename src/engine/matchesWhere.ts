import type { Comparison, Matcher, Where } from './rule';
import type { Scalar, SegEvent } from './types';

/** True when `value` passes every comparison given (an absent or non-numeric value passes none). */
export function compare(value: number | undefined, cmp: Comparison): boolean {
  if (typeof value !== 'number' || Number.isNaN(value)) return false;
  return (
    (cmp.gt === undefined || value > cmp.gt) &&
    (cmp.gte === undefined || value >= cmp.gte) &&
    (cmp.lt === undefined || value < cmp.lt) &&
    (cmp.lte === undefined || value <= cmp.lte) &&
    (cmp.eq === undefined || value === cmp.eq)
  );
}

function matches(value: Scalar | undefined, test: Matcher): boolean {
  if (test === null || typeof test !== 'object') return value === test;
  if ('prefix' in test) return typeof value === 'string' && value.startsWith(test.prefix);
  if ('in' in test) return value !== undefined && test.in.includes(value);
  return compare(typeof value === 'number' ? value : undefined, test);
}

/** True when the event's props pass every test of `where` (no `where`: every event passes). */
export function matchesWhere(event: SegEvent, where: Where | undefined): boolean {
  if (!where) return true;
  for (const key in where) if (!matches(event.props?.[key], where[key]!)) return false;
  return true;
}
