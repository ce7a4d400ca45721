// @ts-check

/**
 * Draws m distinct indices out of 0…n−1 uniformly (a partial Fisher–Yates shuffle), returned in increasing
 * order so reads through the sample walk memory forwards. All n indices when m ≥ n.
 *
 * @param {number} n
 * @param {number} m
 * @param {() => number} random
 * @returns {Int32Array}
 * @example sampleIndices(5, 10, Math.random) // Int32Array [0, 1, 2, 3, 4]
 */
export function sampleIndices(n, m, random) {
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  if (m >= n) return all;
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.slice(0, m).sort();
}

/**
 * Copies the rows at `indices` into a new row-major array.
 *
 * @param {Float64Array} data row-major vectors
 * @param {number} d numbers per vector
 * @param {Int32Array} indices
 * @returns {Float64Array}
 */
export function takeRows(data, d, indices) {
  const rows = new Float64Array(indices.length * d);
  indices.forEach((row, i) => rows.set(data.subarray(row * d, row * d + d), i * d));
  return rows;
}
