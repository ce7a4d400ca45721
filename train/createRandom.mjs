// @ts-check

/**
 * Creates a seeded pseudo-random generator (mulberry32): same seed, same sequence, on every platform.
 * Training needs reproducible restarts and samples, and `Math.random` cannot be seeded.
 *
 * @param {number} seed any integer; only its low 32 bits count
 * @returns {() => number} a function returning floats in [0, 1)
 * @example const random = createRandom(42); random(); // 0.6011037519201636
 */
export function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Mixes a seed with small integers (k, restart number) into an independent seed, so each k-means run has its
 * own stream: `--k 4 --seed 7` then reproduces exactly the k = 4 run that `--k auto --seed 7` tried.
 *
 * @param {number} seed
 * @param {...number} parts
 * @returns {number} a 32-bit unsigned seed
 */
export function deriveSeed(seed, ...parts) {
  let h = seed >>> 0;
  for (const part of parts) {
    // murmur3's finalizer: every input bit affects every output bit.
    h = Math.imul(h ^ (part >>> 0), 0x9e3779b1) >>> 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
  }
  return h >>> 0;
}
