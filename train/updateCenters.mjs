// @ts-check

/**
 * Moves each center to the mean of its points. An empty cluster takes over the point farthest from its own
 * center (from a cluster of two or more), the usual repair that keeps k clusters.
 *
 * @param {Float64Array} data
 * @param {number} d
 * @param {Float64Array} centers updated in place
 * @param {Int32Array} labels
 * @param {Float64Array} upper
 * @param {Float64Array} lower
 * @returns {Float64Array} the distance each center moved
 */
export function updateCenters(data, d, centers, labels, upper, lower) {
  const k = centers.length / d;
  const sums = new Float64Array(k * d);
  const counts = new Int32Array(k);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    counts[c] += 1;
    for (let j = 0; j < d; j++) sums[c * d + j] += data[i * d + j];
  }
  for (let c = 0; c < k; c++) if (counts[c] === 0) adoptFarthest(data, d, c, sums, counts, labels, upper, lower);
  const moved = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let sq = 0;
    for (let j = 0; j < d; j++) {
      const next = sums[c * d + j] / counts[c];
      sq += (next - centers[c * d + j]) ** 2;
      centers[c * d + j] = next;
    }
    moved[c] = Math.sqrt(sq);
  }
  return moved;
}

/**
 * Gives the empty cluster the point with the largest upper bound among clusters that can spare one.
 *
 * @param {Float64Array} data
 * @param {number} d
 * @param {number} empty
 * @param {Float64Array} sums
 * @param {Int32Array} counts
 * @param {Int32Array} labels
 * @param {Float64Array} upper
 * @param {Float64Array} lower
 */
function adoptFarthest(data, d, empty, sums, counts, labels, upper, lower) {
  let far = -1;
  for (let i = 0; i < labels.length; i++) {
    if (counts[labels[i]] > 1 && (far < 0 || upper[i] > upper[far])) far = i;
  }
  const from = labels[far];
  for (let j = 0; j < d; j++) {
    sums[from * d + j] -= data[far * d + j];
    sums[empty * d + j] = data[far * d + j];
  }
  counts[from] -= 1;
  counts[empty] = 1;
  labels[far] = empty;
  // The point now sits on its center; a zero lower bound forces an exact check next round.
  upper[far] = 0;
  lower[far] = 0;
}
