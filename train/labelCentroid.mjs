// @ts-check

/** Features named in a label: enough to tell clusters apart at a glance, short enough for a dashboard. */
const LABEL_FEATURES = 2;

/**
 * Names a centroid by its most distinctive features: those whose standardized center is farthest from the
 * average visitor (largest |z|), with "high" or "low" for the side.
 *
 * @param {ArrayLike<number>} center standardized center
 * @param {string[]} features
 * @returns {string}
 * @example labelCentroid([0.1, -1.4, 2.2], ['a', 'b', 'c']) // 'high c, low b'
 */
export function labelCentroid(center, features) {
  return features
    .map((name, j) => ({ name, z: center[j] }))
    .sort((x, y) => Math.abs(y.z) - Math.abs(x.z))
    .slice(0, LABEL_FEATURES)
    .map(({ name, z }) => `${z < 0 ? 'low' : 'high'} ${name}`)
    .join(', ');
}
