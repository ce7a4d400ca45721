/** Small statistics for the bench's tables. */

/** @param {number[]} values */
export function median(values) {
  return quantile(values, 0.5);
}

/**
 * The q-quantile (0…1) by linear interpolation between closest ranks; NaN for no values.
 * @param {number[]} values
 * @param {number} q
 */
export function quantile(values, q) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (at - low);
}

/** @param {number[]} values */
export function percentiles(values) {
  return { n: values.length, p50: quantile(values, 0.5), p95: quantile(values, 0.95), p99: quantile(values, 0.99), max: quantile(values, 1) };
}
