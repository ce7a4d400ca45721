const UNIT_MS: Record<string, number> = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5 };
/** A duration string, once trimmed: a number and a unit. */
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;

/**
 * Parses a rule duration: milliseconds as a number, or a string such as `"30s"`, `"2m"`, `"1h"`, `"7d"`.
 * Returns `undefined` for anything else, so schemas can report the fault with its path.
 *
 * @example parseDuration('2m') // 120000
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = DURATION_PATTERN.exec(value.trim());
  return match ? Number(match[1]) * UNIT_MS[match[2]!]! : undefined;
}
