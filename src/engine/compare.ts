import type { Comparison } from './rule';

/** True when `value` passes every comparison given (a non-number passes none). */
export function compare(value: unknown, cmp: Comparison): boolean {
  if (typeof value !== 'number' || Number.isNaN(value)) return false;
  return (
    (cmp.gt === undefined || value > cmp.gt) &&
    (cmp.gte === undefined || value >= cmp.gte) &&
    (cmp.lt === undefined || value < cmp.lt) &&
    (cmp.lte === undefined || value <= cmp.lte) &&
    (cmp.eq === undefined || value === cmp.eq)
  );
}

/** Renders comparisons for explanations: `≥ 5`, `> 2 and < 10`. */
export function describeComparison(cmp: Comparison): string {
  const signs = { gt: '>', gte: '≥', lt: '<', lte: '≤', eq: '=' } as const;
  return (Object.keys(signs) as (keyof Comparison)[])
    .filter((k) => cmp[k] !== undefined)
    .map((k) => `${signs[k]} ${cmp[k]}`)
    .join(' and ');
}
