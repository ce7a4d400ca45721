// Type tests of the public API, checked by `npm run typecheck` (tsconfig.test.json): every `@ts-expect-error`
// must meet an error, so misuse that type-checks fails the build. Nothing here runs.
import { expectTypeOf } from 'vitest';
import {
  createSeglet,
  type Condition,
  type Consent,
  type ConsentSource,
  type Explanation,
  type ForgetRequest,
  type Membership,
  type Model,
  type Rule,
  type SegEvent,
  type SegletConfig,
  type SegletError,
  type SegletEvents,
  type SegmentChange,
  type SyncBatch,
  type SyncChange,
} from '../../src/index';

declare const seglet: ReturnType<typeof createSeglet>;

// createSeglet: every option optional, each typed.
createSeglet();
createSeglet({});
createSeglet({ model: '/seglet/model.json', sync: '/seglet/sync', consent: 'pending', bot: { webdriver: false } });
createSeglet({ rules: [{ id: 'fan', when: { count: 'click', where: { key: { prefix: 'fan' } }, within: '1m', gte: 3 } }] });
// @ts-expect-error consent is 'granted' | 'pending' | 'denied', or a CMP to follow: 'tcf' | 'gcm'
createSeglet({ consent: 'yes' });
createSeglet({ consent: 'tcf', dataLayer: true });
createSeglet({ consent: 'gcm' });
// @ts-expect-error an unknown option is a typo
createSeglet({ modle: '/seglet/model.json' });
// @ts-expect-error rules are rule objects
createSeglet({ rules: ['cart-abandoner'] });
expectTypeOf<SegletConfig['consent']>().toEqualTypeOf<Consent | ConsentSource | undefined>();

// on(): the event name picks the payload.
seglet.on('change', (e) => expectTypeOf(e).toEqualTypeOf<SegmentChange>());
seglet.on('enter', (e) => expectTypeOf(e.segment).toBeString());
seglet.on('exit', (e) => expectTypeOf(e).toEqualTypeOf<{ segment: string }>());
seglet.on('error', (e) => expectTypeOf(e).toEqualTypeOf<SegletError>());
seglet.on('ready', () => {});
seglet.on('change', (e) => {
  expectTypeOf(e.segments).toEqualTypeOf<string[]>();
  expectTypeOf(e.cluster).toEqualTypeOf<string | null>();
  expectTypeOf(e.at).toBeNumber();
});
seglet.on('error', (e) => {
  if (e.code === 'invalid_rule') return;
  // @ts-expect-error not an error code
  if (e.code === 'oops') return;
});
expectTypeOf(seglet.on('enter', () => {})).toEqualTypeOf<() => void>();
const off = seglet.on('exit', () => {});
off();
// @ts-expect-error no such event
seglet.on('nope', () => {});
// @ts-expect-error enter's payload has no `segments`
seglet.on('enter', (e) => e.segments);
// @ts-expect-error a listener for another event's payload
seglet.on('enter', (e: SegmentChange) => e);
// @ts-expect-error the listener is a function
seglet.on('ready', 'ready');
expectTypeOf<SegletEvents['ready']>().toBeUndefined();

// track(): flat scalar props only.
seglet.track('add_to_cart', { sku: 'A1', price: 49, gift: false, coupon: null });
seglet.track('page_share');
// @ts-expect-error props are flat: no nested objects
seglet.track('add_to_cart', { item: { sku: 'A1' } });
// @ts-expect-error props are flat: no arrays
seglet.track('add_to_cart', { skus: ['A1', 'B2'] });
// @ts-expect-error props are JSON values: no undefined
seglet.track('add_to_cart', { sku: undefined });
// @ts-expect-error the name comes first
seglet.track({ sku: 'A1' });

// consent(): the three states.
seglet.consent('granted');
seglet.consent('denied');
// @ts-expect-error not a consent state
seglet.consent(true);

// The rest of the API.
expectTypeOf(seglet.has('vip')).toBeBoolean();
expectTypeOf(seglet.segments()).resolves.toEqualTypeOf<Membership[]>();
expectTypeOf(seglet.explain('vip')).resolves.toEqualTypeOf<Explanation | undefined>();
expectTypeOf(seglet.identify('user-1')).resolves.toBeVoid();
expectTypeOf(seglet.flush()).resolves.toBeVoid();
expectTypeOf(seglet.forget()).resolves.toBeVoid();
expectTypeOf<Membership['source']>().toEqualTypeOf<'rule' | 'cluster'>();
// @ts-expect-error identify takes the id as a string
void seglet.identify(42);

// Rules: `Rule` checks rule objects as they are written.
const rules: Rule[] = [
  { id: 'high-intent-lead', ttl: '30m', when: { all: [{ count: 'page_view', within: '2m', gte: 5 }, { count: 'form_submit', within: '2m', gte: 1 }] } },
  { id: 'cart-abandoner', when: { absent: 'purchase', after: 'add_to_cart', for: '30m' }, ttl: '7d' },
  { id: 'reader', when: { distinct: 'page_view', by: 'path', where: { path: { prefix: '/blog/' } }, within: 'session', gt: 3 } },
  { id: 'big-spender', when: { sum: 'purchase', of: 'revenue', within: '30d', gte: 100 } },
  { id: 'funnel', when: { sequence: ['page_view', { event: 'add_to_cart', where: { sku: 'A1' } }], within: 600_000 } },
  { id: 'engaged', when: { not: { feature: 'bot_score', gte: 0.5 } } },
  { id: 'mobile', when: { any: [{ context: { device: { in: ['mobile', 'tablet'] } } }, { cluster: 'browser' }] } },
];
createSeglet({ rules });
const condition: Condition = { count: 'click', within: '1m', gte: 3 };
void condition;
// @ts-expect-error a condition kind the language does not have
const unknownKind: Condition = { maybe: 'click' };
// @ts-expect-error features are the ones seglet computes
const unknownFeature: Condition = { feature: 'shoe_size', gt: 1 };
// @ts-expect-error `when` is a condition, not a list
const listWhen: Rule = { id: 'r', when: [{ cluster: 'a' }] };
// @ts-expect-error a rule needs an id
const noId: Rule = { when: { cluster: 'a' } };
// @ts-expect-error matchers compare scalars
const objectMatcher: Condition = { count: 'click', within: '1m', gte: 1, where: { key: { contains: 'a' } } };
void [unknownKind, unknownFeature, listWhen, noId, objectMatcher];

// Events, models and sync payloads.
expectTypeOf<SegEvent>().toEqualTypeOf<{ name: string; at: number; props?: Record<string, string | number | boolean | null> }>();
const published: Model = {
  version: '2026-11-22T10:00:00Z',
  features: ['page_velocity'],
  scaler: { mean: [0.8], std: [0.5] },
  centroids: [{ id: 'browser', center: [1] }],
  rules,
  weights: { cart_adds: 2 },
};
void published;
// @ts-expect-error model features are the ones seglet computes
const badModel: Model = { version: 'v', features: ['shoe_size'] };
void badModel;
expectTypeOf<SyncBatch['changes']>().toEqualTypeOf<SyncChange[]>();
expectTypeOf<SyncChange['op']>().toEqualTypeOf<'enter' | 'exit'>();
expectTypeOf<SyncBatch['userId']>().toEqualTypeOf<string | null>();
expectTypeOf<ForgetRequest>().toEqualTypeOf<{ v: 1; op: 'forget'; anonymousId: string; userId: string | null }>();
