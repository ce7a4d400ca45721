import { describe, expect, test } from 'vitest';
import { COMMERCE_EVENTS, MAX_ITEMS, dataLayerEvent } from '../../../src/integrations/dataLayerEvent';

function gtag(..._args: unknown[]): IArguments {
  // eslint-disable-next-line prefer-rest-params
  return arguments;
}

describe('dataLayerEvent', () => {
  test("GTM's shape and gtag's map to the same event", () => {
    const ecommerce = { currency: 'EUR', value: 65.5, items: [{ item_id: 'A', price: 30, quantity: 2 }, { item_id: 'B', price: 5.5 }] };
    const expected = ['add_to_cart', { value: 65.5, currency: 'EUR', items: 2, quantity: 3 }];
    expect(dataLayerEvent({ event: 'add_to_cart', ecommerce })).toEqual(expected);
    expect(dataLayerEvent(gtag('event', 'add_to_cart', ecommerce))).toEqual(expected);
    expect(dataLayerEvent(['event', 'add_to_cart', ecommerce])).toEqual(expected);
  });

  test('value comes from the items when the event has none, rounded to cents; numeric strings count', () => {
    const items = [{ price: '19.99', quantity: '3' }, { price: 0.1, quantity: 1 }, { quantity: 4 }];
    expect(dataLayerEvent({ event: 'begin_checkout', ecommerce: { items } })).toEqual(['begin_checkout', { value: 60.07, items: 3, quantity: 8 }]);
    expect(dataLayerEvent({ event: 'view_cart', ecommerce: { value: '12.5', items: [{}] } })).toEqual(['view_cart', { value: 12.5, items: 1, quantity: 1 }]);
    expect(dataLayerEvent({ event: 'view_cart', ecommerce: { items: [{ item_id: 'A' }] } })).toEqual(['view_cart', { items: 1, quantity: 1 }]);
  });

  test('purchase carries its value as revenue too (what revenue_30d sums); refund does not', () => {
    expect(dataLayerEvent({ event: 'purchase', ecommerce: { value: 120, currency: 'usd' } })).toEqual(['purchase', { value: 120, revenue: 120, currency: 'USD' }]);
    expect(dataLayerEvent({ event: 'refund', ecommerce: { value: 120 } })).toEqual(['refund', { value: 120 }]);
  });

  test('never a personal field, an identifier or free text: only value, revenue, currency, items, quantity', () => {
    const ecommerce = {
      transaction_id: 'T-1001', affiliation: 'Shop', coupon: 'ADA-10', shipping: 4, tax: 2, value: 10, currency: 'EUR',
      customer: { email: 'ada@example.com' }, user_id: 'u-1', payment_type: 'Visa', shipping_tier: 'Ground',
      items: [{ item_id: 'SKU', item_name: 'Shoe', item_brand: 'B', item_category: 'C', coupon: 'X', price: 10, quantity: 1 }],
    };
    const [, props] = dataLayerEvent({ event: 'purchase', email: 'ada@example.com', ecommerce })!;
    expect(Object.keys(props).sort()).toEqual(['currency', 'items', 'quantity', 'revenue', 'value']);
    expect(dataLayerEvent({ event: 'search', search_term: 'ada lovelace home address' })).toEqual(['search', {}]);
    expect(dataLayerEvent(gtag('event', 'search', { search_term: 'secret' }))).toEqual(['search', {}]);
  });

  test('every recommended commerce event is read; other events and entries are not', () => {
    for (const name of COMMERCE_EVENTS) expect(dataLayerEvent({ event: name })?.[0]).toBe(name);
    for (const entry of [
      { event: 'gtm.js' }, { event: 'sign_up', method: 'email' }, { event: 'login' }, { event: 'page_view' }, { ecommerce: null },
      gtag('config', 'G-XXXX'), gtag('consent', 'default', {}), gtag('event', 'level_up'), gtag('js', new Date()),
      { event: 42 }, { event: 'ADD_TO_CART' }, null, 'add_to_cart', 7, [],
    ]) {
      expect(dataLayerEvent(entry)).toBeUndefined();
    }
  });

  test('hostile sizes and values stay bounded', () => {
    const items = Array.from({ length: 5000 }, () => ({ price: 1, quantity: 1 }));
    expect(dataLayerEvent({ event: 'view_item_list', ecommerce: { items } })).toEqual(['view_item_list', { value: MAX_ITEMS, items: MAX_ITEMS, quantity: MAX_ITEMS }]);
    const sparse = new Array(2 ** 32 - 1);
    expect(dataLayerEvent({ event: 'view_item_list', ecommerce: { items: sparse } })).toEqual(['view_item_list', { items: MAX_ITEMS, quantity: MAX_ITEMS }]);
    const odd = [{ price: Infinity, quantity: -3 }, { price: 'NaN', quantity: 1e300 }, null, 'x', { price: 2, quantity: 'two' }];
    expect(dataLayerEvent({ event: 'add_to_cart', ecommerce: { value: 1e13, currency: 'EURO', items: odd } })).toEqual([
      'add_to_cart', { value: 2, items: 5, quantity: 5 },
    ]);
    expect(dataLayerEvent({ event: 'add_to_cart', ecommerce: { value: '9'.repeat(10_000), currency: 'x'.repeat(1e6) } })).toEqual(['add_to_cart', {}]);
    expect(dataLayerEvent({ event: 'add_to_cart', ecommerce: 'not an object' })).toEqual(['add_to_cart', {}]);
  });

  test('a getter that throws throws to the caller (onDataLayer skips that entry)', () => {
    const entry = { event: 'purchase', get ecommerce(): never { throw new Error('boom'); } };
    expect(() => dataLayerEvent(entry)).toThrow('boom');
  });
});
