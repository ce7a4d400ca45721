/** A binary min-heap of `[time, key]` pairs: the engine's timer queue. */
export interface Heap {
  push(time: number, key: string): void;
  peek(): [number, string] | undefined;
  pop(): [number, string] | undefined;
  clear(): void;
}

export function createHeap(): Heap {
  const items: [number, string][] = [];
  const swap = (i: number, j: number) => ([items[i], items[j]] = [items[j]!, items[i]!]);
  return {
    push(time, key) {
      items.push([time, key]);
      for (let i = items.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (items[parent]![0] <= items[i]![0]) break;
        swap(i, parent);
        i = parent;
      }
    },
    peek: () => items[0],
    pop() {
      const top = items[0];
      const last = items.pop();
      if (items.length && last) {
        items[0] = last;
        for (let i = 0; ; ) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < items.length && items[l]![0] < items[m]![0]) m = l;
          if (r < items.length && items[r]![0] < items[m]![0]) m = r;
          if (m === i) break;
          swap(i, m);
          i = m;
        }
      }
      return top;
    },
    clear: () => void (items.length = 0),
  };
}
