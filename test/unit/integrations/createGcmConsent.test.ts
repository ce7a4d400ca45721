import { describe, expect, test } from 'vitest';
import { createGcmConsent } from '../../../src/integrations/createGcmConsent';

/** What gtag pushes: its Arguments object. */
function gtag(..._args: unknown[]): IArguments {
  // eslint-disable-next-line prefer-rest-params
  return arguments;
}
const fold = (...entries: unknown[]) => {
  const next = createGcmConsent();
  return entries.map(next);
};

describe('createGcmConsent', () => {
  test('no analytics_storage yet: no decision', () => {
    expect(fold({ event: 'gtm.js' }, gtag('js', new Date()), gtag('consent', 'default', { ad_storage: 'denied' }))).toEqual([undefined, undefined, undefined]);
  });

  test('a default denies by the site, not the visitor: pending; an update decides', () => {
    expect(
      fold(
        gtag('consent', 'default', { analytics_storage: 'denied', ad_storage: 'denied' }),
        gtag('consent', 'update', { analytics_storage: 'granted' }),
        gtag('consent', 'update', { analytics_storage: 'denied' }),
      ),
    ).toEqual(['pending', 'granted', 'denied']);
  });

  test('a granted default is granted', () => {
    expect(fold(gtag('consent', 'default', { analytics_storage: 'granted' }))).toEqual(['granted']);
  });

  test('personalization_storage counts only when set, and only as a veto', () => {
    expect(
      fold(
        gtag('consent', 'default', { analytics_storage: 'granted', personalization_storage: 'denied' }),
        gtag('consent', 'update', { personalization_storage: 'granted' }),
        gtag('consent', 'update', { personalization_storage: 'denied' }),
      ),
    ).toEqual(['pending', 'granted', 'denied']);
    expect(fold(gtag('consent', 'update', { personalization_storage: 'granted' }))).toEqual([undefined]);
  });

  test('updates win over defaults, whenever the default comes', () => {
    expect(
      fold(gtag('consent', 'update', { analytics_storage: 'granted' }), gtag('consent', 'default', { analytics_storage: 'denied' })),
    ).toEqual(['granted', 'granted']);
  });

  test('a region-scoped default wins over an unscoped one, in either order', () => {
    const scoped = gtag('consent', 'default', { analytics_storage: 'denied', region: ['DE', 'FR'] });
    const unscoped = gtag('consent', 'default', { analytics_storage: 'granted' });
    expect(fold(scoped, unscoped)).toEqual(['pending', 'pending']);
    expect(fold(unscoped, scoped)).toEqual(['granted', 'pending']);
    expect(fold(unscoped, gtag('consent', 'default', { analytics_storage: 'denied', region: [] }))).toEqual(['granted', 'pending']);
  });

  test('arrays pushed by hand read like Arguments objects; other shapes and values are ignored', () => {
    expect(fold(['consent', 'update', { analytics_storage: 'granted' }])).toEqual(['granted']);
    expect(
      fold(
        { 0: 'consent', 1: 'update', 2: { analytics_storage: 'granted' } },
        ['consent', 'update', { analytics_storage: 'yes' }],
        ['consent', 'reset', { analytics_storage: 'granted' }],
        ['consent', 'update', null],
        ['consent', 'update', 'analytics_storage'],
        null,
        42,
      ),
    ).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});
