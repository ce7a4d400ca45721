// @ts-check

/**
 * @typedef {{ mean: number[], std: number[] }} Scaler
 */

/**
 * Fits a z-score scaler: per-feature mean and population standard deviation. A constant feature (std 0) gets
 * std 1 so it standardizes to 0 instead of dividing by zero; its index is listed in `constant`.
 *
 * @param {Float64Array} data row-major vectors
 * @param {number} d numbers per vector
 * @returns {Scaler & { constant: number[] }}
 * @example fitScaler(Float64Array.of(1, 10, 3, 10), 2) // { mean: [2, 10], std: [1, 1], constant: [1] }
 */
export function fitScaler(data, d) {
  const n = data.length / d;
  const mean = new Array(d).fill(0);
  const sq = new Array(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  // Two passes: summing squared deviations stays accurate where E[x²] − E[x]² would cancel.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const dev = data[i * d + j] - mean[j];
      sq[j] += dev * dev;
    }
  }
  /** @type {number[]} */
  const constant = [];
  const std = sq.map((s, j) => {
    const value = Math.sqrt(s / n);
    // Relative to the mean's magnitude: rounding leaves a tiny non-zero spread on constant non-integers.
    if (value > 1e-12 * Math.max(1, Math.abs(mean[j]))) return value;
    constant.push(j);
    return 1;
  });
  return { mean, std, constant };
}

/**
 * Returns z-scored copies of the vectors: (x − mean) / std per feature.
 *
 * @param {Float64Array} data row-major vectors
 * @param {Scaler} scaler
 * @returns {Float64Array}
 */
export function standardize(data, scaler) {
  const d = scaler.mean.length;
  const z = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) z[i] = (data[i] - scaler.mean[i % d]) / scaler.std[i % d];
  return z;
}
