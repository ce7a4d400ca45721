// @ts-check

/** Reference points per feature: q0, q5, …, q100. Enough to draw a CDF and run a KS test, small in a model. */
export const REFERENCE_POINTS = 21;

/**
 * The p-quantile of sorted values, interpolating linearly between order statistics (Hyndman & Fan type 7,
 * the default of R and NumPy).
 *
 * @param {ArrayLike<number>} sorted ascending, non-empty
 * @param {number} p in [0, 1]
 * @returns {number}
 * @example quantile([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantile(sorted, p) {
  const exact = (sorted.length - 1) * p;
  // p = 3/20 is not exact in binary: snap 15.000000000000002 to the order statistic it means.
  const position = Math.abs(exact - Math.round(exact)) < 1e-9 ? Math.round(exact) : exact;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/**
 * Each feature's values, sorted ascending.
 *
 * @param {Float64Array} data row-major vectors
 * @param {number} d numbers per vector
 * @returns {Float64Array[]}
 */
export function sortedColumns(data, d) {
  const n = data.length / d;
  return Array.from({ length: d }, (_, j) => {
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) column[i] = data[i * d + j];
    return column.sort();
  });
}

/**
 * The model's `reference`: per feature, the raw values at q0, q5, …, q100, and the number of vectors. A later
 * training run compares new data with it to measure drift.
 *
 * @param {Float64Array[]} columns sorted values per feature
 * @param {string[]} features
 * @returns {{ quantiles: Record<string, number[]>, count: number }}
 * @example referenceQuantiles([Float64Array.of(0, 10)], ['x']).quantiles.x // [0, 0.5, 1, …, 10]
 */
export function referenceQuantiles(columns, features) {
  /** @type {Record<string, number[]>} */
  const quantiles = {};
  features.forEach((name, j) => {
    quantiles[name] = Array.from({ length: REFERENCE_POINTS }, (_, q) => quantile(columns[j], q / (REFERENCE_POINTS - 1)));
  });
  return { quantiles, count: columns[0]?.length ?? 0 };
}
