import { formatPrice, PRODUCTS } from '../catalog';
import type { Route } from '../createRouter';

export const products: Route = {
  path: '/spa/products',
  title: 'Products · Trailhead',
  render(view) {
    view.innerHTML = `
      <h1 tabindex="-1">Products</h1>
      <ul class="products">
        ${PRODUCTS.map((p) => `<li><a href="/spa/product/${p.id}">${p.name}</a> <span>${formatPrice(p.price)}</span></li>`).join('')}
      </ul>`;
  },
};
