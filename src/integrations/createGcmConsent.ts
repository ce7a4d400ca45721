import type { Consent } from '../protocol';

/**
 * The Google Consent Mode v2 consent types seglet follows. `analytics_storage` is required (storage for
 * analytics, such as visit duration: what seglet keeps of a visit; every site with GA4 sets it);
 * `personalization_storage` (storage for personalization, such as recommendations: what segments are for) is
 * optional, since many CMPs do not set it, but when it is set to `denied` it counts. `ad_storage`,
 * `ad_user_data` and `ad_personalization` concern Google's advertising, which seglet sends nothing to.
 */
export const GCM_TYPES = ['analytics_storage', 'personalization_storage'] as const;

type Value = 'granted' | 'denied';
type Values = Partial<Record<(typeof GCM_TYPES)[number], Value>>;

/**
 * Folds Google Consent Mode v2 commands (`gtag('consent', 'default' | 'update', {…})`, which reach the
 * `dataLayer` as `['consent', …]` Arguments objects) into a consent state; each call takes one `dataLayer`
 * entry (others are ignored) and returns the state after it, `undefined` while `analytics_storage` is unset.
 * - A type's value is its latest `update`, else its latest `default`. A `default` scoped to `region`s wins over
 *   an unscoped one: the page cannot know the visitor's region (Google resolves it on its servers), so seglet
 *   takes region-scoped defaults as applying, the cautious reading.
 * - `granted` when `analytics_storage` is granted and `personalization_storage` is not denied.
 * - A type denied by a `default` only (the site's state before the visitor chose): `pending`, nothing stored.
 *   Denied by an `update` (the visitor's choice): `denied`, which wipes what seglet kept.
 *
 * @example
 * const fold = createGcmConsent();
 * fold(['consent', 'default', { analytics_storage: 'denied' }]); // 'pending'
 * fold(['consent', 'update', { analytics_storage: 'granted' }]); // 'granted'
 */
export function createGcmConsent(): (entry: unknown) => Consent | undefined {
  const defaults: Values = {};
  const scoped: Values = {};
  const updates: Values = {};
  const read = (into: Values, from: Record<string, unknown>) => {
    for (const type of GCM_TYPES) if (from[type] === 'granted' || from[type] === 'denied') into[type] = from[type];
  };
  return (entry) => {
    const command = entry as { 0?: unknown; 1?: unknown; 2?: Record<string, unknown> | null; length?: unknown };
    if (command && typeof command === 'object' && typeof command.length === 'number' && command[0] === 'consent') {
      const values = command[2];
      if (values && typeof values === 'object') {
        if (command[1] === 'update') read(updates, values);
        else if (command[1] === 'default') read(Array.isArray(values.region) && values.region.length ? scoped : defaults, values);
      }
    }
    const value = (type: (typeof GCM_TYPES)[number]) => updates[type] ?? scoped[type] ?? defaults[type];
    const [analytics, personalization] = GCM_TYPES.map(value);
    if (!analytics) return undefined;
    if (analytics === 'denied' || personalization === 'denied') {
      return updates.analytics_storage === 'denied' || updates.personalization_storage === 'denied' ? 'denied' : 'pending';
    }
    return 'granted';
  };
}
