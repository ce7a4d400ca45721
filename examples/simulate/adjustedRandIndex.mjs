// @ts-check
/**
 * The adjusted Rand index (Hubert & Arabie, 1985) of two labelings of the same items, from their contingency
 * table: 1 for identical partitions (whatever the label names), about 0 for chance agreement, negative
 * below chance. Labels are compared as `Map` keys do (SameValueZero): `null`, `'null'` and `0` are three labels.
 *
 *   ARI = (Σᵢⱼ C(nᵢⱼ,2) − E) / (½(Σᵢ C(aᵢ,2) + Σⱼ C(bⱼ,2)) − E),   E = Σᵢ C(aᵢ,2) · Σⱼ C(bⱼ,2) / C(n,2)
 *
 * When both partitions are trivial in the same way (everything in one group, or every item alone) the
 * formula is 0/0; they are then identical and the index is 1, as scikit-learn does.
 *
 * @param {readonly unknown[]} labelsA
 * @param {readonly unknown[]} labelsB
 * @returns {number}
 * @example adjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1]) // 4/7 ≈ 0.571
 */
export function adjustedRandIndex(labelsA, labelsB) {
  if (labelsA.length !== labelsB.length) throw new Error(`adjustedRandIndex: ${labelsA.length} labels against ${labelsB.length}`);
  const n = labelsA.length;
  if (n < 2) return 1;
  /** @type {Map<unknown, number>} */
  const idsA = new Map();
  /** @type {Map<unknown, number>} */
  const idsB = new Map();
  const id = (/** @type {Map<unknown, number>} */ ids, /** @type {unknown} */ label) => {
    let found = ids.get(label);
    if (found === undefined) ids.set(label, (found = ids.size));
    return found;
  };
  /** @type {Map<number, number>} */
  const cells = new Map();
  /** @type {Map<number, number>} */
  const rows = new Map();
  /** @type {Map<number, number>} */
  const cols = new Map();
  const bump = (/** @type {Map<number, number>} */ m, /** @type {number} */ k) => m.set(k, (m.get(k) ?? 0) + 1);
  for (let i = 0; i < n; i++) {
    const a = id(idsA, labelsA[i]);
    const b = id(idsB, labelsB[i]);
    bump(rows, a);
    bump(cols, b);
    bump(cells, a * n + b);
  }
  const pairs = (/** @type {number} */ x) => (x * (x - 1)) / 2;
  const sum = (/** @type {Map<number, number>} */ m) => [...m.values()].reduce((s, x) => s + pairs(x), 0);
  const index = sum(cells);
  const rowPairs = sum(rows);
  const colPairs = sum(cols);
  const expected = (rowPairs * colPairs) / pairs(n);
  const max = (rowPairs + colPairs) / 2;
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
