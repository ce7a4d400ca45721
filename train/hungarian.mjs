// @ts-check

/**
 * Solves the assignment problem: pairs rows with columns, each used at most once, minimizing the total cost
 * (the Hungarian algorithm with potentials, O(r²c)). With more rows than columns, some rows stay unpaired.
 *
 * @param {number[][]} cost r × c matrix of finite costs
 * @returns {number[]} for each row, its column, or −1 when unpaired
 * @example hungarian([[4, 1], [2, 3]]) // [1, 0]
 */
export function hungarian(cost) {
  const rows = cost.length;
  const cols = rows === 0 ? 0 : cost[0].length;
  const result = new Array(rows).fill(-1);
  if (rows > cols) {
    const byColumn = hungarian(cost[0].map((_, c) => cost.map((row) => row[c])));
    byColumn.forEach((row, c) => row >= 0 && (result[row] = c));
    return result;
  }
  // 1-based with a virtual column 0, as in the classic formulation (e-maxx.ru "Hungarian algorithm"):
  // owner[j] is the row holding column j; u, v are the dual potentials.
  const state = { u: new Array(rows + 1).fill(0), v: new Array(cols + 1).fill(0), owner: new Array(cols + 1).fill(0) };
  for (let i = 1; i <= rows; i++) addRow(cost, i, state);
  for (let j = 1; j <= cols; j++) if (state.owner[j] !== 0) result[state.owner[j] - 1] = j - 1;
  return result;
}

/**
 * Adds row i to the matching along a shortest augmenting path (Dijkstra on reduced costs).
 *
 * @param {number[][]} cost
 * @param {number} i
 * @param {{ u: number[], v: number[], owner: number[] }} state
 */
function addRow(cost, i, { u, v, owner }) {
  const cols = v.length - 1;
  const minv = new Array(cols + 1).fill(Infinity);
  const used = new Array(cols + 1).fill(false);
  const way = new Array(cols + 1).fill(0);
  owner[0] = i;
  let j0 = 0;
  do {
    used[j0] = true;
    const i0 = owner[j0];
    let delta = Infinity;
    let j1 = 0;
    for (let j = 1; j <= cols; j++) {
      if (used[j]) continue;
      const reduced = cost[i0 - 1][j - 1] - u[i0] - v[j];
      if (reduced < minv[j]) [minv[j], way[j]] = [reduced, j0];
      if (minv[j] < delta) [delta, j1] = [minv[j], j];
    }
    for (let j = 0; j <= cols; j++) {
      if (used[j]) {
        u[owner[j]] += delta;
        v[j] -= delta;
      } else minv[j] -= delta;
    }
    j0 = j1;
  } while (owner[j0] !== 0);
  while (j0 !== 0) {
    const j1 = way[j0];
    owner[j0] = owner[j1];
    j0 = j1;
  }
}
