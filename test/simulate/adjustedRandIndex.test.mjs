// @ts-check
// The adjusted Rand index, checked by hand and against independent pair counting.
import { describe, expect, test } from 'vitest';
import { adjustedRandIndex } from '../../examples/simulate/adjustedRandIndex.mjs';
import { createRandom } from '../../examples/simulate/random.mjs';

/**
 * Labelings whose contingency table is `table` (rows: labels of A, columns: labels of B).
 * @param {number[][]} table
 */
function fromTable(table) {
  /** @type {string[]} */
  const a = [];
  /** @type {string[]} */
  const b = [];
  table.forEach((row, i) => row.forEach((count, j) => {
    for (let k = 0; k < count; k++) (a.push(`r${i}`), b.push(`c${j}`));
  }));
  return { a, b };
}

/**
 * ARI by counting pairs (Hubert & Arabie's pair form), O(n²): an independent check of the contingency form.
 * @param {unknown[]} a @param {unknown[]} b
 */
function pairCountingAri(a, b) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      const sameA = a[i] === a[j];
      const sameB = b[i] === b[j];
      if (sameA && sameB) tp++;
      else if (sameA) fn++;
      else if (sameB) fp++;
      else tn++;
    }
  }
  if (fn === 0 && fp === 0) return 1;
  return (2 * (tp * tn - fn * fp)) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}

describe('adjustedRandIndex', () => {
  test('identical partitions score 1, whatever the label names', () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2], [0, 0, 1, 1, 2])).toBe(1);
    expect(adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0])).toBe(1);
    expect(adjustedRandIndex(['a', 'a', 'b', 'c', 'c'], [7, 7, null, 'x', 'x'])).toBe(1);
  });

  test('hand-worked tables', () => {
    // A = [0,0,1,2], B = [0,0,1,1]: Σ C(nij,2) = 1, Σ C(ai,2) = 1, Σ C(bj,2) = 2, C(4,2) = 6;
    // E = 1·2/6 = 1/3, max = 3/2, ARI = (1 − 1/3)/(3/2 − 1/3) = 4/7.
    expect(adjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(4 / 7, 12);
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(4 / 7, 12);
    // Crossed halves: no pair agrees, E = 2/3, max = 2: ARI = (0 − 2/3)/(2 − 2/3) = −1/2.
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
    // One group against all singletons: index = E = 0.
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
    // The 3×3 table [[1,1,0],[1,2,1],[0,0,4]] (n = 10): Σ C(nij,2) = 1 + 6 = 7; rows 2, 4, 4 give
    // Σ C(ai,2) = 13; columns 2, 3, 5 give Σ C(bj,2) = 14; C(10,2) = 45; E = 13·14/45 = 182/45;
    // max = 27/2; ARI = (7 − 182/45)/(27/2 − 182/45) = 133/425.5 = 266/851 ≈ 0.3126.
    const { a, b } = fromTable([[1, 1, 0], [1, 2, 1], [0, 0, 4]]);
    expect(adjustedRandIndex(a, b)).toBeCloseTo(266 / 851, 12);
    expect(adjustedRandIndex(b, a)).toBeCloseTo(266 / 851, 12);
  });

  test('does not change when labels are renamed or items reordered', () => {
    const { a, b } = fromTable([[5, 1, 0, 2], [0, 7, 2, 0], [3, 0, 6, 1]]);
    const reference = adjustedRandIndex(a, b);
    const renamed = b.map((x) => ({ c0: 'zeta', c1: 'alpha', c2: null, c3: 42 })[x]);
    expect(adjustedRandIndex(a, renamed)).toBeCloseTo(reference, 12);
    const order = a.map((_, i) => i).reverse();
    expect(adjustedRandIndex(order.map((i) => a[i]), order.map((i) => b[i]))).toBeCloseTo(reference, 12);
  });

  test('agrees with pair counting on random labelings', () => {
    const rng = createRandom('ari');
    for (let trial = 0; trial < 60; trial++) {
      const n = rng.int(2, 60);
      const ka = rng.int(1, 6);
      const kb = rng.int(1, 6);
      const a = Array.from({ length: n }, () => rng.int(0, ka - 1));
      const b = Array.from({ length: n }, (_, i) => (rng.chance(0.6) ? a[i] : rng.int(0, kb - 1)));
      expect(adjustedRandIndex(a, b), `trial ${trial}`).toBeCloseTo(pairCountingAri(a, b), 10);
    }
  });

  test('edge cases', () => {
    expect(adjustedRandIndex([], [])).toBe(1);
    expect(adjustedRandIndex([3], ['x'])).toBe(1);
    expect(adjustedRandIndex([1, 1, 1], [2, 2, 2])).toBe(1);
    expect(adjustedRandIndex([1, 2, 3], [4, 5, 6])).toBe(1);
    // null is a label of its own, distinct from the string 'null'.
    expect(adjustedRandIndex([0, 0, 1, 1], [null, null, 'null', 'null'])).toBe(1);
    expect(() => adjustedRandIndex([1, 2], [1])).toThrow(/2 labels against 1/);
  });
});
