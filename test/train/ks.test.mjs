import { describe, expect, it } from 'vitest';
import { createRandom } from '../../train/createRandom.mjs';
import { ksPValue, ksStatistic, measureDrift } from '../../train/ks.mjs';
import { quantile, referenceQuantiles, sortedColumns } from '../../train/quantiles.mjs';

const uniform = Array.from({ length: 21 }, (_, i) => i / 20);

describe('Kolmogorov–Smirnov drift', () => {
  it('matches hand-computed statistics against a uniform reference', () => {
    // Two thirds of the sample are ≤ 0.2, but the reference puts q25 = 0.25 above 0.2: at most a quarter is.
    expect(ksStatistic([0.1, 0.2, 0.9], uniform)).toBeCloseTo(2 / 3 - 1 / 4, 12);
    // The other side: the reference has 85 % at or below q85 = 0.85, the sample only half.
    expect(ksStatistic([0.3, 0.9], uniform)).toBeCloseTo(0.85 - 0.5, 12);
    // A three-point reference (q0, q50, q100) of [0, 1]: two thirds ≤ 0.2 where at most half may be.
    expect(ksStatistic([0.1, 0.2, 0.9], [0, 0.5, 1])).toBeCloseTo(2 / 3 - 1 / 2, 12);
    // One value inside each 5 % band: consistent with the reference everywhere.
    expect(ksStatistic(Array.from({ length: 20 }, (_, i) => i / 20 + 0.025), uniform)).toBe(0);
  });

  it('handles repeated quantiles (a feature that is mostly 0) exactly', () => {
    // Reference: q0…q80 are 0, then 1, 2, 3, 4 at q85…q100: between 80 % and 85 % of values are 0.
    const reference = [...Array(17).fill(0), 1, 2, 3, 4];
    expect(ksStatistic([0, 0, 0, 0, 0, 0, 0, 0, 1, 3], reference)).toBe(0);
    // All zeros now, where at most 85 % were: D = 0.15.
    expect(ksStatistic(new Array(10).fill(0), reference)).toBeCloseTo(0.15, 12);
  });

  it('finds no drift in fresh data from the reference’s own distribution', () => {
    const random = createRandom(3);
    const draw = () => Float64Array.from({ length: 50_000 }, () => -Math.log(1 - random())).sort();
    const reference = referenceQuantiles([draw()], ['x']);
    const ks = ksStatistic(draw(), reference.quantiles.x);
    expect(ksPValue(ks, 50_000, reference.count)).toBeGreaterThan(0.05);
  });

  it('gives the asymptotic Kolmogorov p-values', () => {
    const huge = 1e12; // makes the small-sample correction vanish: λ = √nₑ · D
    const at = (lambda) => ksPValue(lambda / Math.sqrt(huge / 2), huge, huge);
    expect(at(1.36)).toBeCloseTo(0.0494, 3);
    expect(at(1.0)).toBeCloseTo(0.27, 2);
    expect(at(0.5)).toBeCloseTo(0.9639, 3);
    expect(at(1.17)).toBeCloseTo(at(1.19), 1); // the two series agree where they meet
    expect(ksPValue(0, 100, 100)).toBe(1);
    expect(ksPValue(1, 100, 100)).toBeLessThan(1e-10);
  });

  it('flags the feature that moved and not the one that stayed', () => {
    const before = Array.from({ length: 2000 }, (_, i) => [(i % 100) / 100, (i % 37) / 37]).flat();
    const after = Array.from({ length: 1000 }, (_, i) => [(i % 100) / 100 + 0.3, (i % 41) / 41]).flat();
    const reference = referenceQuantiles(sortedColumns(Float64Array.from(before), 2), ['moved', 'stayed']);
    const drift = measureDrift(sortedColumns(Float64Array.from(after), 2), ['moved', 'stayed', 'new'], reference);
    expect(drift.moved.ks).toBeGreaterThan(0.2);
    expect(drift.moved.p).toBeLessThan(1e-6);
    expect(drift.stayed.p).toBeGreaterThan(0.5);
    expect(drift).not.toHaveProperty('new');
  });
});

describe('reference quantiles', () => {
  it('interpolates between order statistics', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0)).toBe(1);
    expect(quantile([1, 2, 3, 4], 1)).toBe(4);
    expect(quantile([7], 0.3)).toBe(7);
  });

  it('keeps 21 raw values per feature and the count', () => {
    const data = Array.from({ length: 101 }, (_, i) => [100 - i, 5]).flat();
    const reference = referenceQuantiles(sortedColumns(Float64Array.from(data), 2), ['x', 'flat']);
    expect(reference.count).toBe(101);
    expect(reference.quantiles.x).toEqual(Array.from({ length: 21 }, (_, i) => i * 5));
    expect(reference.quantiles.flat).toEqual(new Array(21).fill(5));
  });
});
