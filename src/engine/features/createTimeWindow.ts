/** Entries one window keeps; past it the two oldest merge (a visitor beyond it is approximate, never unbounded). */
export const MAX_WINDOW_ENTRIES = 2000;

/** A sliding window of timed values: count and sum of those with `now − span < time`, in O(1) amortized. */
export interface TimeWindow {
  add(at: number, value?: number): void;
  count(now: number): number;
  sum(now: number): number;
  /** When the next entry leaves, with no new one (`Infinity` when empty). */
  until(now: number): number;
  save(): [number, number, number][];
}

/** Builds a {@link TimeWindow} over `span` milliseconds; entries are `[time, value, weight]`. */
export function createTimeWindow(span: number, saved?: [number, number, number][]): TimeWindow {
  const entries = saved ?? [];
  let count = 0;
  let sum = 0;
  for (const [, value, weight] of entries) (sum += value), (count += weight);
  const prune = (now: number) => {
    while (entries.length && entries[0]![0] <= now - span) {
      const [, value, weight] = entries.shift()!;
      sum -= value;
      count -= weight;
    }
    if (!entries.length) sum = 0; // no floating-point residue once empty
  };
  return {
    add(at, value = 0) {
      entries.push([at, value, 1]);
      sum += value;
      count += 1;
      if (entries.length > MAX_WINDOW_ENTRIES) {
        const [, value0, weight0] = entries.shift()!;
        entries[0]![1] += value0;
        entries[0]![2] += weight0;
      }
    },
    count: (now) => (prune(now), count),
    sum: (now) => (prune(now), sum),
    until: (now) => (prune(now), entries.length ? entries[0]![0] + span : Infinity),
    save: () => entries,
  };
}
