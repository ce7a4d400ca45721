// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { followTcf } from '../../../src/integrations/followTcf';

const w = window as unknown as { __tcfapi?: unknown };
const granted = { gdprApplies: true, eventStatus: 'tcloaded', purpose: { consents: { 1: true, 5: true, 6: true } } };

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  delete w.__tcfapi;
});

describe('followTcf', () => {
  test("registers with the CMP's addEventListener, version 2, and reports each mapped state", () => {
    const calls: unknown[][] = [];
    let listener: (data: unknown, success: boolean) => void = () => {};
    w.__tcfapi = (...args: unknown[]) => {
      calls.push(args.slice(0, 2));
      listener = args[2] as typeof listener;
    };
    const states: unknown[] = [];
    followTcf((state) => states.push(state));
    listener({ ...granted, eventStatus: 'cmpuishown' }, true);
    listener(granted, true);
    listener({ ...granted, eventStatus: 'useractioncomplete', purpose: { consents: {} } }, true);
    expect(calls).toEqual([['addEventListener', 2]]);
    expect(states).toEqual([undefined, 'granted', 'denied']);
  });

  test('a CMP that comes after seglet is found when it comes', () => {
    const states: unknown[] = [];
    followTcf((state) => states.push(state));
    vi.advanceTimersByTime(10_000);
    w.__tcfapi = (_command: string, _version: number, callback: (data: unknown, success: boolean) => void) => callback(granted, true);
    expect(states).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(states).toEqual(['granted']);
  });

  test('failures, nonsense, throwing CMPs and throwing reports change nothing and never throw', () => {
    const states: unknown[] = [];
    w.__tcfapi = (_c: string, _v: number, callback: (data: unknown, success: boolean) => void) => {
      callback(granted, false);
      callback(null, true);
      callback('granted', true);
      callback({ get gdprApplies(): never { throw new Error('getter'); } }, true);
    };
    expect(() => followTcf((state) => states.push(state))).not.toThrow();
    w.__tcfapi = () => {
      throw new Error('broken CMP');
    };
    expect(() => followTcf((state) => states.push(state))).not.toThrow();
    expect(states).toEqual([]);
  });
});
