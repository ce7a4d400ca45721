// @vitest-environment happy-dom
// @vitest-environment-options {"settings": {"handleDisabledFileLoadingAsSuccess": true}}
import { afterEach, describe, expect, test } from 'vitest';
import { withIntegrations } from '../../../src/integrations/withIntegrations';
import { INTEGRATIONS_HOOK } from '../../../src/protocol';
import type { Seglet, SegletConfig } from '../../../src/types';

const URL_ = 'https://site.example/seglet/seglet.integrations.js';
const hook = () => (window as unknown as Record<string, unknown[] | undefined>)[INTEGRATIONS_HOOK];
const added = () => [...document.head.querySelectorAll('script')].map((s) => s.getAttribute('src'));

afterEach(() => {
  delete (window as unknown as Record<string, unknown>)[INTEGRATIONS_HOOK];
  document.head.replaceChildren();
});

describe('withIntegrations', () => {
  test('adds seglet.integrations.js, with the instance, its config and its mirror queued, for a CMP, the dataLayer or the cookie', () => {
    const mirror = () => {};
    for (const config of [{ consent: 'tcf' }, { consent: 'gcm' }, { dataLayer: true }, { cookie: true }] as SegletConfig[]) {
      const seglet = {} as Seglet;
      expect(withIntegrations(seglet, config, URL_, mirror)).toBe(seglet);
      expect(hook()!.at(-1)).toEqual([seglet, config, mirror]);
    }
    expect(added()).toEqual([URL_, URL_, URL_, URL_]);
  });

  test('adds nothing otherwise: the page pays for no integration it does not use', () => {
    for (const config of [{}, { consent: 'granted' }, { consent: 'pending' }, { consent: 'bogus' }, { dataLayer: false }, { cookie: false }] as SegletConfig[]) {
      withIntegrations({} as Seglet, config, URL_, () => {});
    }
    expect(hook()).toBeUndefined();
    expect(added()).toEqual([]);
  });
});
