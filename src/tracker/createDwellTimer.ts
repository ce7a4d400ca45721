/** A visitor with no input for this long is idle: idle time is not dwell. */
export const IDLE_MS = 30_000;

export interface DwellTimer {
  /** Any input from the visitor. */
  active(at: number): void;
  /** The page became visible or hidden. */
  visible(isVisible: boolean, at: number): void;
  /** Dwell so far: time the page was visible and the visitor active within the last {@link IDLE_MS}. */
  read(at: number): number;
  /** Starts counting afresh for a new page view. */
  reset(at: number): void;
}

/** Measures visible-and-active time. Pure arithmetic on the times it is given: no timers. */
export function createDwellTimer(at: number, isVisible: boolean): DwellTimer {
  let total = 0;
  let mark = at;
  let lastActive = at;
  let shown = isVisible;
  const accrue = (now: number) => {
    if (shown) total += Math.max(0, Math.min(now, lastActive + IDLE_MS) - mark);
    mark = Math.max(mark, now);
  };
  return {
    active(now) {
      accrue(now);
      lastActive = now;
    },
    visible(isShown, now) {
      accrue(now);
      shown = isShown;
      // Coming back to the tab is itself a sign of attention.
      if (isShown) lastActive = now;
    },
    read(now) {
      accrue(now);
      return total;
    },
    reset(now) {
      total = 0;
      mark = lastActive = now;
    },
  };
}
