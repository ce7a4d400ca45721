import { describe, expect, test } from 'vitest';
import { tcfConsent, type TcData } from '../../../src/integrations/tcfConsent';

const flags = (...ids: number[]) => Object.fromEntries(Array.from({ length: 11 }, (_, i) => [i + 1, ids.includes(i + 1)]));
const report = (over: Partial<TcData> = {}): TcData => ({
  gdprApplies: true,
  eventStatus: 'useractioncomplete',
  purposeOneTreatment: false,
  purpose: { consents: flags(1, 5, 6) },
  publisher: { consents: {} },
  ...over,
});

describe('tcfConsent', () => {
  test('granted with consent to purposes 1, 5 and 6, stored earlier (tcloaded) or given now (useractioncomplete)', () => {
    expect(tcfConsent(report())).toBe('granted');
    expect(tcfConsent(report({ eventStatus: 'tcloaded' }))).toBe('granted');
  });

  test('denied when any of them is missing, whatever else is granted', () => {
    for (const missing of [1, 5, 6]) {
      const ids = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].filter((id) => id !== missing);
      expect(tcfConsent(report({ purpose: { consents: flags(...ids) } }))).toBe('denied');
    }
    expect(tcfConsent(report({ purpose: { consents: {} } }))).toBe('denied');
  });

  test('no decision while the banner is shown (cmpuishown) or for an unknown status', () => {
    expect(tcfConsent(report({ eventStatus: 'cmpuishown' }))).toBeUndefined();
    expect(tcfConsent(report({ eventStatus: undefined }))).toBeUndefined();
    expect(tcfConsent(report({ eventStatus: 'granted' }))).toBeUndefined();
  });

  test('gdprApplies false is granted at once; an unknown gdprApplies is read as applying', () => {
    expect(tcfConsent({ gdprApplies: false })).toBe('granted');
    expect(tcfConsent(report({ gdprApplies: undefined, purpose: { consents: {} } }))).toBe('denied');
  });

  test("the publisher's own consents win when the CMP records any", () => {
    expect(tcfConsent(report({ publisher: { consents: flags(1) } }))).toBe('denied');
    expect(tcfConsent(report({ purpose: { consents: {} }, publisher: { consents: flags(1, 5, 6) } }))).toBe('granted');
  });

  test('purposeOneTreatment makes purpose 1 unnecessary, not the others', () => {
    expect(tcfConsent(report({ purposeOneTreatment: true, purpose: { consents: flags(5, 6) } }))).toBe('granted');
    expect(tcfConsent(report({ purposeOneTreatment: true, purpose: { consents: flags(1, 5) } }))).toBe('denied');
  });

  test('only a literal true counts: truthy look-alikes are no consent', () => {
    const loose = { 1: 1, 5: 'true', 6: {} } as unknown as Record<string, boolean>;
    expect(tcfConsent(report({ purpose: { consents: loose } }))).toBe('denied');
    expect(tcfConsent(report({ purpose: 'all' as never }))).toBe('denied');
    expect(tcfConsent(report({ purpose: undefined, publisher: undefined }))).toBe('denied');
  });
});
