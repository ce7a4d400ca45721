import { PRODUCTS } from '../catalog';
import type { Route } from '../createRouter';
import { PRODUCT_BROWSER } from '../segments';

/**
 * The buying guide. Its comparison is marked up for one segment and rendered only when the route is:
 * seglet personalizes elements added after start-up as they arrive.
 */
export const guide: Route = {
  path: '/spa/guide',
  title: 'Buying guide · Trailhead',
  render(view) {
    view.innerHTML = `
      <h1 tabindex="-1">Buying guide</h1>
      <p>Weight, weather and the nights you plan to spend out decide most of it.</p>
      <section id="compare" data-seglet-show="${PRODUCT_BROWSER}" hidden>
        <h2>Side by side</h2>
        <table>
          <tr><th>Product</th><th>For</th></tr>
          ${PRODUCTS.map((p) => `<tr><td>${p.name}</td><td>${p.blurb}</td></tr>`).join('')}
        </table>
      </section>
      <p id="start-here" data-seglet-hide="${PRODUCT_BROWSER}">Start with <a href="/spa/products">the products</a>, then come back.</p>`;
  },
};
