// @ts-check

/**
 * The squared Euclidean distance between two d-vectors stored inside flat arrays.
 *
 * @param {Float64Array} a
 * @param {number} ai offset of the first vector in `a`
 * @param {Float64Array} b
 * @param {number} bi offset of the second vector in `b`
 * @param {number} d
 * @returns {number}
 * @example squaredDistance(Float64Array.of(0, 0, 3, 4), 0, Float64Array.of(3, 4), 0, 2) // 25
 */
export function squaredDistance(a, ai, b, bi, d) {
  let sum = 0;
  for (let j = 0; j < d; j++) {
    const diff = a[ai + j] - b[bi + j];
    sum += diff * diff;
  }
  return sum;
}
