// @vitest-environment happy-dom
import { afterEach, describe, expect, test, vi } from 'vitest';
import { getDevice } from '../../../src/tracker/getDevice';
import { restoreStubs, stubGetter } from './harness';

afterEach(() => {
  restoreStubs();
  vi.unstubAllGlobals();
});

describe('getDevice', () => {
  test.each([
    [true, 390, 844, 'mobile'],
    [true, 844, 390, 'mobile'],
    [true, 820, 1180, 'tablet'],
    [true, 1280, 1440, 'desktop'],
    [false, 390, 844, 'desktop'],
    [false, 820, 1180, 'desktop'],
  ])('coarse pointer=%s on a %sx%s screen is %s', (coarse, width, height, device) => {
    vi.stubGlobal('matchMedia', (query: string) => ({ matches: query === '(pointer: coarse)' && coarse, media: query }));
    stubGetter(screen, 'width', () => width);
    stubGetter(screen, 'height', () => height);
    expect(getDevice()).toBe(device);
  });

  test('does not look at the user agent', () => {
    vi.stubGlobal('matchMedia', () => ({ matches: false }));
    stubGetter(screen, 'width', () => 1920);
    stubGetter(screen, 'height', () => 1080);
    const ua = stubGetter(navigator, 'userAgent', () => 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile');
    expect(getDevice()).toBe('desktop');
    expect(ua).not.toHaveBeenCalled();
  });
});
