// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import { createDwellTimer, IDLE_MS } from '../../../src/tracker/createDwellTimer';

const s = (seconds: number) => seconds * 1000;

describe('createDwellTimer', () => {
  test('idle means 30 s without input', () => {
    expect(IDLE_MS).toBe(30_000);
  });

  test('counts visible time while the visitor is active', () => {
    const dwell = createDwellTimer(s(100), true);
    dwell.active(s(110));
    dwell.active(s(125));
    expect(dwell.read(s(130))).toBe(s(30));
  });

  test('stops counting 30 s after the last activity', () => {
    const dwell = createDwellTimer(0, true);
    dwell.active(s(10));
    // Active until 10 s, idle from 40 s on.
    expect(dwell.read(s(40))).toBe(s(40));
    expect(dwell.read(s(100))).toBe(s(40));
    expect(dwell.read(s(1000))).toBe(s(40));
  });

  test('a page nobody touches counts its first 30 s only', () => {
    const dwell = createDwellTimer(0, true);
    expect(dwell.read(s(45))).toBe(s(30));
  });

  test('resumes on activity after being idle, without counting the idle gap', () => {
    const dwell = createDwellTimer(0, true);
    dwell.active(s(100)); // idle from 30 s to 100 s
    expect(dwell.read(s(100))).toBe(s(30));
    dwell.active(s(110));
    expect(dwell.read(s(115))).toBe(s(45));
    // Reading does not change the result.
    expect(dwell.read(s(115))).toBe(s(45));
  });

  test('does not count hidden time, and resumes when visible again', () => {
    const dwell = createDwellTimer(0, true);
    dwell.visible(false, s(20));
    dwell.active(s(25)); // input while hidden does not count
    expect(dwell.read(s(50))).toBe(s(20));
    dwell.visible(true, s(50));
    expect(dwell.read(s(60))).toBe(s(30));
  });

  test('coming back to the tab counts as activity', () => {
    const dwell = createDwellTimer(0, true);
    dwell.visible(false, s(10));
    dwell.visible(true, s(500)); // last input was 490 s ago
    expect(dwell.read(s(520))).toBe(s(30));
    expect(dwell.read(s(600))).toBe(s(40)); // idle again 30 s after coming back
  });

  test('a page that starts hidden counts nothing until shown', () => {
    const dwell = createDwellTimer(0, false);
    dwell.active(s(5));
    expect(dwell.read(s(20))).toBe(0);
    dwell.visible(true, s(20));
    expect(dwell.read(s(26))).toBe(s(6));
  });

  test('reset starts a new page view from zero, with fresh activity', () => {
    const dwell = createDwellTimer(0, true);
    expect(dwell.read(s(200))).toBe(s(30));
    dwell.reset(s(200));
    expect(dwell.read(s(200))).toBe(0);
    expect(dwell.read(s(210))).toBe(s(10));
    expect(dwell.read(s(300))).toBe(s(30));
  });

  test('reset keeps the visibility: a hidden page still counts nothing', () => {
    const dwell = createDwellTimer(0, true);
    dwell.visible(false, s(5));
    dwell.reset(s(10));
    expect(dwell.read(s(20))).toBe(0);
  });

  test('never goes backwards when given an earlier time', () => {
    const dwell = createDwellTimer(s(10), true);
    expect(dwell.read(s(20))).toBe(s(10));
    dwell.active(s(15));
    expect(dwell.read(s(18))).toBe(s(10));
    expect(dwell.read(s(25))).toBe(s(15));
  });
});
