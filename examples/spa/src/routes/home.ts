import type { Route } from '../createRouter';
import { GUIDE_READER, PRODUCT_BROWSER } from '../segments';

/** The landing page: its offer depends on the visitor's segments, declaratively. */
export const home: Route = {
  path: '/spa/',
  title: 'Trailhead',
  render(view) {
    view.innerHTML = `
      <h1 tabindex="-1">Trailhead</h1>
      <p>Gear for long days outside. Everything here is rendered in the browser; every route change is a page view.</p>
      <p class="offer" data-seglet-hide="${PRODUCT_BROWSER}">New here? <a href="/spa/products">Browse the products</a>.</p>
      <p class="offer" data-seglet-show="${PRODUCT_BROWSER}" hidden>
        Still deciding? <a href="/spa/guide">The buying guide</a> compares what you looked at.
      </p>
      <p class="offer" data-seglet-show="${GUIDE_READER}" hidden>Welcome back to the guide's readers: free trail maps this week.</p>`;
  },
};
