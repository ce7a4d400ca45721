/*
 * Trailhead: a single-page app using seglet from npm. The router changes routes with the History API; seglet
 * records each change as a page view, the routes' `data-seglet-show` / `data-seglet-hide` elements are
 * personalized as they are rendered, and a route's own listeners are removed when it is left.
 */
import { createSeglet } from 'seglet';
import { createRouter } from './createRouter';
import { guide } from './routes/guide';
import { home } from './routes/home';
import { notFound } from './routes/notFound';
import { product } from './routes/product';
import { products } from './routes/products';
import { RULES } from './segments';

// The worker is found next to this bundle (`/spa/seglet.worker.js`): rollup.config.mjs copies it there.
const seglet = createSeglet({ model: '/seglet/model.json', sync: '/seglet/sync', rules: RULES });

// The shell lives as long as the page, so its listener is never removed.
const output = document.getElementById('segments')!;
seglet.on('change', ({ segments }) => {
  output.textContent = segments.length ? segments.join(', ') : 'none';
});

createRouter({
  view: document.getElementById('view')!,
  routes: [home, products, product, guide],
  notFound,
  base: '/spa/',
  seglet,
}).start();

// For the console: try `seglet.explain('product-browser')`.
(window as unknown as { seglet: typeof seglet }).seglet = seglet;
