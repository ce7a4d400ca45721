import type { Scalar } from '../engine/types';

/**
 * The GA4 recommended events seglet reads from the `dataLayer`: the commerce funnel, and `search` (without its
 * `search_term`: that is what the visitor typed). Any other event (GTM's own `gtm.*`, the site's custom ones)
 * is ignored: a name seglet does not know has no agreed meaning for its props.
 */
export const COMMERCE_EVENTS = [
  'view_item_list', 'select_item', 'view_item', 'add_to_wishlist', 'add_to_cart', 'remove_from_cart', 'view_cart',
  'begin_checkout', 'add_shipping_info', 'add_payment_info', 'purchase', 'refund', 'search',
];

/** The most items of one event read: a larger list counts as this many, so one push costs a bounded time. */
export const MAX_ITEMS = 100;

/** The most one item line counts for: a larger quantity is a mistake or an attack, not a cart. */
const MAX_QUANTITY = 1e6;

type Params = Record<string, unknown>;

/**
 * Maps one `dataLayer` entry to a seglet event `[name, props]`, or `undefined` for what is not a GA4 commerce
 * event. It reads both shapes: GTM's `{ event: 'add_to_cart', ecommerce: {…} }` and gtag's
 * `gtag('event', 'add_to_cart', {…})` (an Arguments object `['event', name, params]`). Props are flat:
 * - `value`: the event's `value` (a number, or a numeric string), else Σ `price` × `quantity` of its items when
 *   any has a price, rounded to cents; left out when there is neither. `purchase` also carries it as `revenue`,
 *   what the `revenue_30d` feature sums.
 * - `currency`: the three-letter code, upper-cased; left out when it is not one.
 * - `items`: how many item lines (at most {@link MAX_ITEMS}); `quantity`: Σ `quantity` of them (1 for an item
 *   without a valid one). Left out when the event has no items.
 *
 * Nothing else is read: no item ids, names, brands or categories, no `transaction_id` (an identifier that
 * could join seglet's data to an order, hence a person), no `coupon`, no `search_term`, no user fields.
 *
 * @example
 * dataLayerEvent({ event: 'purchase', ecommerce: { value: 30, currency: 'eur', items: [{ price: 15, quantity: 2 }] } });
 * // ['purchase', { value: 30, revenue: 30, currency: 'EUR', items: 1, quantity: 2 }]
 */
export function dataLayerEvent(entry: unknown): [string, Record<string, Scalar>] | undefined {
  if (!entry || typeof entry !== 'object') return undefined;
  const e = entry as Params;
  const gtag = typeof e.length === 'number';
  const name = gtag ? (e[0] === 'event' ? e[1] : undefined) : e.event;
  if (typeof name !== 'string' || !COMMERCE_EVENTS.includes(name)) return undefined;
  const props: Record<string, Scalar> = {};
  const params = (gtag ? e[2] : e.ecommerce) as Params | undefined;
  if (name === 'search' || !params || typeof params !== 'object') return [name, props];
  const items = Array.isArray(params.items) ? params.items.slice(0, MAX_ITEMS) : [];
  let quantity = 0;
  let total: number | undefined;
  for (const item of items) {
    const given = amount((item as Params | null)?.quantity);
    const count = given !== undefined && given >= 0 ? Math.min(given, MAX_QUANTITY) : 1;
    const price = amount((item as Params | null)?.price);
    quantity += count;
    if (price !== undefined) total = (total ?? 0) + price * count;
  }
  const value = amount(params.value) ?? (total === undefined ? undefined : Math.round(total * 100) / 100);
  if (value !== undefined) props.value = value;
  if (value !== undefined && name === 'purchase') props.revenue = value;
  const currency = params.currency;
  if (typeof currency === 'string' && /^[a-z]{3}$/i.test(currency)) props.currency = currency.toUpperCase();
  if (items.length) Object.assign(props, { items: items.length, quantity });
  return [name, props];
}

/** A finite amount from a number or a short numeric string (GA4 accepts both), within ±1e12; else undefined. */
function amount(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.length < 32 && value.trim() ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && Math.abs(n) <= 1e12 ? n : undefined;
}
