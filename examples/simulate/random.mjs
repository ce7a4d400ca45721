// @ts-check
/**
 * A small seeded pseudo-random generator (sfc32, seeded by a cyrb128 hash of the seed's text) and the
 * distributions the simulator draws from. Same seed, same stream: on every machine and Node version.
 */

/**
 * Hashes a string to four 32-bit words (cyrb128), the seed of {@link sfc32}.
 * @param {string} text
 * @returns {[number, number, number, number]}
 */
function cyrb128(text) {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * sfc32: a fast 128-bit-state generator with good statistical quality; returns floats in [0, 1).
 * @param {[number, number, number, number]} state
 * @returns {() => number}
 */
function sfc32([a, b, c, d]) {
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/**
 * A distribution, as personas write it:
 * - `{ logn: [median, sigma] }` log-normal;
 * - `{ poisson: mean }`;
 * - `{ beta: [mean, concentration] }` on 0–1 (a beta variate with a + b = concentration);
 * - `{ uniform: [low, high] }`;
 * - `{ fixed: value }`;
 * each with optional `min`/`max` clamps.
 * @typedef {({ logn: [number, number] } | { poisson: number } | { beta: [number, number] } | { uniform: [number, number] } | { fixed: number })
 *   & { min?: number, max?: number }} Dist
 */

/**
 * @typedef {object} Random
 * @property {() => number} next uniform in [0, 1)
 * @property {(low: number, high: number) => number} uniform
 * @property {(low: number, high: number) => number} int an integer in [low, high], both included
 * @property {(p: number) => boolean} chance true with probability `p`
 * @property {(mean?: number, sd?: number) => number} normal
 * @property {(median: number, sigma: number) => number} logNormal
 * @property {(mean: number) => number} poisson
 * @property {(mean: number, concentration: number) => number} beta a beta variate with this mean and a + b = concentration
 * @property {<T>(items: readonly T[]) => T} pick
 * @property {<K extends string>(weights: Readonly<Partial<Record<K, number>>>) => K} weighted a key, with probability proportional to its weight
 * @property {(dist: Dist) => number} draw
 * @property {() => string} uuid a version-4 UUID made of this stream's bits
 */

/**
 * Creates a seeded random stream.
 * @param {string | number} seed any text or number; equal seeds give equal streams
 * @returns {Random}
 * @example const rng = createRandom('bargain-hunter:1'); rng.int(1, 6)
 */
export function createRandom(seed) {
  const next = sfc32(cyrb128(String(seed)));
  for (let i = 0; i < 12; i++) next(); // let the first outputs of close seeds drift apart
  /** @type {number | null} */
  let spare = null;

  /** @param {number} mean @param {number} sd */
  const normal = (mean = 0, sd = 1) => {
    if (spare !== null) {
      const z = spare;
      spare = null;
      return mean + sd * z;
    }
    let u = 0;
    while (u === 0) u = next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  };

  /** Marsaglia–Tsang gamma variate with shape `k` (scale 1). @param {number} k @returns {number} */
  const gamma = (k) => {
    if (k < 1) return gamma(k + 1) * Math.pow(next() || Number.MIN_VALUE, 1 / k);
    const d = k - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x;
      let v;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = next();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u || Number.MIN_VALUE) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  };

  /** @param {number} mean */
  const poisson = (mean) => {
    if (mean <= 0) return 0;
    if (mean > 50) return Math.max(0, Math.round(normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = next();
    while (p > limit) {
      k++;
      p *= next();
    }
    return k;
  };

  /** @param {number} mean @param {number} concentration */
  const beta = (mean, concentration) => {
    const m = Math.min(0.999, Math.max(0.001, mean));
    const x = gamma(m * concentration);
    const y = gamma((1 - m) * concentration);
    return x + y > 0 ? x / (x + y) : m;
  };

  /** @param {number} low @param {number} high */
  const uniform = (low, high) => low + (high - low) * next();

  /** @type {Random} */
  const rng = {
    next,
    uniform,
    int: (low, high) => Math.floor(uniform(low, high + 1)),
    chance: (p) => next() < p,
    normal,
    logNormal: (median, sigma) => median * Math.exp(sigma * normal()),
    poisson,
    beta,
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted(weights) {
      const entries = /** @type {[any, number][]} */ (Object.entries(weights)).filter(([, w]) => w > 0);
      let total = 0;
      for (const [, w] of entries) total += w;
      let roll = next() * total;
      for (const [key, w] of entries) {
        roll -= w;
        if (roll < 0) return key;
      }
      return entries[entries.length - 1][0];
    },
    draw(dist) {
      let value;
      if ('logn' in dist) value = rng.logNormal(dist.logn[0], dist.logn[1]);
      else if ('poisson' in dist) value = poisson(dist.poisson);
      else if ('beta' in dist) value = beta(dist.beta[0], dist.beta[1]);
      else if ('uniform' in dist) value = uniform(dist.uniform[0], dist.uniform[1]);
      else value = dist.fixed;
      if (dist.min !== undefined) value = Math.max(dist.min, value);
      if (dist.max !== undefined) value = Math.min(dist.max, value);
      return value;
    },
    uuid() {
      const hex = Array.from({ length: 16 }, () => Math.floor(next() * 256));
      hex[6] = (hex[6] & 0x0f) | 0x40;
      hex[8] = (hex[8] & 0x3f) | 0x80;
      const s = hex.map((b) => b.toString(16).padStart(2, '0')).join('');
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
    },
  };
  return rng;
}
