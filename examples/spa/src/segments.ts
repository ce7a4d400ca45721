import type { Rule } from 'seglet';

/** Three different product pages in a session: a visitor comparing gear. */
export const PRODUCT_BROWSER = 'product-browser';
/** Opened the buying guide in the last half hour. */
export const GUIDE_READER = 'guide-reader';

/**
 * The app's own rules, merged with the model's. Page views come from route changes: the router's
 * `pushState` and the back button are each a `page_view` with the route's path.
 */
export const RULES: Rule[] = [
  {
    id: PRODUCT_BROWSER,
    ttl: '30m',
    when: { distinct: 'page_view', by: 'path', where: { path: { prefix: '/spa/product/' } }, within: 'session', gte: 3 },
  },
  { id: GUIDE_READER, ttl: '30m', when: { count: 'page_view', where: { path: '/spa/guide' }, within: '30m', gte: 1 } },
];
