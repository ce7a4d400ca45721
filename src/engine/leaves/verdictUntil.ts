import { compare } from '../compare';
import type { Comparison } from '../rule';
import type { Reading } from './types';

/**
 * Reads a windowed count: `times` are the counted entries' times, oldest first, all inside the window.
 * Entries leave the window oldest first (at `time + within`); the verdict stands until the remaining count
 * first compares differently.
 */
export function readCount(times: readonly number[], within: number, cmp: Comparison): Reading {
  const value = times.length;
  const verdict = compare(value, cmp);
  for (let i = 0; i < value; i++) {
    if (compare(value - i - 1, cmp) !== verdict) return { verdict, value, until: times[i]! + within };
  }
  return { verdict, value, until: Infinity };
}

/**
 * How many entries a count needs to keep to decide `cmp` exactly: one more than the largest threshold.
 * A count above every threshold compares the same however much larger it is.
 */
export function capFor(cmp: Comparison): number {
  return Math.max(1, ...Object.values(cmp).map((v) => Math.floor(v as number) + 1));
}
