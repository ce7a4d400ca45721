// @ts-check
// Drift: a two-sample Kolmogorov–Smirnov test between new data and a model's reference quantiles.
//
// The reference keeps only q0, q5, …, q100, which pin the previous CDF at 21 points: at x it lies between
// the probability of the last quantile ≤ x and that of the next quantile above x. Drawing a straight line
// between quantiles and measuring the distance to it was tried first and rejected: the tails (min to q5, q95 to
// max) and any curvature put 0.03–0.05 between the line and the very distribution it summarizes, so with
// 100,000 vectors every feature showed "drift" at p < 1e-30. D here is how far the new empirical CDF leaves
// the band the reference allows: the ordinary KS distance at the 21 pinned points, a lower bound between them
// (so p is conservative), and exact for features with repeated values (counts that are often 0).

/**
 * The KS statistic between sorted new values and reference quantiles: sup over x of how far Fₙ(x) lies
 * outside the band [F(qᵢ), F(qᵢ₊₁)] the reference allows around x, checked on both sides of every jump.
 *
 * @param {ArrayLike<number>} sorted new values, ascending, non-empty
 * @param {number[]} quantiles reference values at evenly spaced probabilities 0 … 1, ascending
 * @returns {number} in [0, 1]
 * @example ksStatistic([0.1, 0.2, 0.9], [0, 0.5, 1]) // 2/3 − 1/2: two thirds are ≤ 0.2, the reference allows half
 */
export function ksStatistic(sorted, quantiles) {
  const n = sorted.length;
  let d = 0;
  /**
   * @param {number} x
   * @param {number} before how many values are < x
   * @param {number} atOrBelow how many values are ≤ x
   */
  const check = (x, before, atOrBelow) => {
    const [lo, hi] = referenceBand(quantiles, x, true);
    const [loBefore, hiBefore] = referenceBand(quantiles, x, false);
    d = Math.max(d, atOrBelow / n - hi, lo - atOrBelow / n, before / n - hiBefore, loBefore - before / n);
  };
  // Walk runs of equal values; only the quantiles need a search in the sample.
  for (let i = 0, end = 0; i < n; i = end) {
    while (end < n && sorted[end] === sorted[i]) end += 1;
    check(sorted[i], i, end);
  }
  for (const q of quantiles) check(q, lowerBound(sorted, q), upperBound(sorted, q));
  return d;
}

/**
 * The range the reference CDF can take at x (at x⁻, the left limit, when not `inclusive`): from the
 * probability of the last quantile at or below x to that of the first one above it.
 *
 * @param {number[]} q
 * @param {number} x
 * @param {boolean} inclusive
 * @returns {[number, number]}
 */
function referenceBand(q, x, inclusive) {
  const last = q.length - 1;
  const below = inclusive ? upperBound(q, x) : lowerBound(q, x);
  return [below === 0 ? 0 : (below - 1) / last, below > last ? 1 : below / last];
}

/**
 * @param {ArrayLike<number>} sorted
 * @param {number} x
 * @returns {number} how many values are < x
 */
function lowerBound(sorted, x) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * @param {ArrayLike<number>} sorted
 * @param {number} x
 * @returns {number} how many values are ≤ x
 */
function upperBound(sorted, x) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The approximate p-value of a two-sample KS statistic: the asymptotic Kolmogorov distribution at
 * λ = (√nₑ + 0.12 + 0.11/√nₑ)·D with nₑ = n·m/(n + m) (Stephens' small-sample correction, as in
 * Numerical Recipes' `probks`).
 *
 * @param {number} d the statistic
 * @param {number} n size of the new sample
 * @param {number} m size of the reference sample
 * @returns {number} in [0, 1]; small means the distributions differ
 * @example ksPValue(0.1, 1000, 1000) // ≈ 8.1e-5
 */
export function ksPValue(d, n, m) {
  const ne = (n * m) / (n + m);
  const lambda = (Math.sqrt(ne) + 0.12 + 0.11 / Math.sqrt(ne)) * d;
  if (!(lambda > 0)) return 1;
  let sum = 0;
  if (lambda < 1.18) {
    // The alternating series converges slowly for small λ; Jacobi's dual form converges fast there.
    for (let j = 1; j <= 20; j++) sum += Math.exp(-((2 * j - 1) ** 2) * Math.PI ** 2 / (8 * lambda ** 2));
    return clamp01(1 - (Math.sqrt(2 * Math.PI) / lambda) * sum);
  }
  for (let j = 1; j <= 100; j++) sum += (j % 2 === 1 ? 2 : -2) * Math.exp(-2 * j * j * lambda * lambda);
  return clamp01(sum);
}

/** @param {number} p */
function clamp01(p) {
  return Math.min(1, Math.max(0, p));
}

/**
 * Drift per feature between new data and a previous model's `reference`. Features the reference lacks are
 * left out.
 *
 * @param {Float64Array[]} columns new values per feature, sorted
 * @param {string[]} features
 * @param {{ quantiles: Record<string, number[]>, count: number }} reference
 * @returns {Record<string, { ks: number, p: number }>}
 */
export function measureDrift(columns, features, reference) {
  /** @type {Record<string, { ks: number, p: number }>} */
  const drift = {};
  features.forEach((name, j) => {
    const q = reference.quantiles[name];
    if (!Array.isArray(q) || q.length < 2 || !q.every((v, i) => Number.isFinite(v) && (i === 0 || v >= q[i - 1]))) return;
    const ks = ksStatistic(columns[j], q);
    drift[name] = { ks, p: ksPValue(ks, columns[j].length, reference.count) };
  });
  return drift;
}
