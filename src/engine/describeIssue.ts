import type { z } from './z';

/** Words for a zod issue (zod/mini carries no messages of its own). */
export function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return 'missing, or not one of the accepted forms';
    case 'too_small':
      return `must be at least ${issue.minimum}${issue.origin === 'array' ? ' item(s) long' : ''}`;
    case 'too_big':
      return `must be at most ${issue.maximum}${issue.origin === 'array' ? ' item(s) long' : ''}`;
    default:
      return 'invalid value';
  }
}

/** A readable path: `when.all[1].within` (`base` is prefixed as is). */
export function issuePath(base: string, parts: readonly PropertyKey[]): string {
  return parts.reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : `${p}.${String(k)}`), base);
}
