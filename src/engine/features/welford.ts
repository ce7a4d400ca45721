/** Running mean and population variance of several signals at once (Welford's method). */
export interface Welford {
  n: number;
  mean: number[];
  m2: number[];
}

export function createWelford(size: number): Welford {
  return { n: 0, mean: Array(size).fill(0), m2: Array(size).fill(0) };
}

/** Adds one sample (one value per signal); returns a new state, leaving `w` as it was. */
export function addSample(w: Welford, sample: readonly number[]): Welford {
  const n = w.n + 1;
  const mean = w.mean.slice();
  const m2 = w.m2.slice();
  sample.forEach((x, i) => {
    const delta = x - mean[i]!;
    mean[i]! += delta / n;
    m2[i]! += delta * (x - mean[i]!);
  });
  return { n, mean, m2 };
}

/** Population variance of signal `i` (0 with fewer than two samples). */
export function variance(w: Welford, i: number): number {
  return w.n ? w.m2[i]! / w.n : 0;
}
