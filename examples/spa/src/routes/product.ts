import { findProduct, formatPrice } from '../catalog';
import type { Route } from '../createRouter';
import { notFound } from './notFound';

/**
 * One product. While it is on screen it listens to seglet and says so when the visitor enters a segment;
 * leaving the route removes those listeners (the function `render` returns), so a product page left
 * behind never hears, nor writes into a detached view about, what happens next.
 */
export const product: Route = {
  path: '/spa/product/:id',
  title: ({ id }) => `${findProduct(id)?.name ?? 'Not found'} · Trailhead`,
  render(view, context) {
    const item = findProduct(context.params.id);
    if (!item) return notFound.render(view, context);
    view.innerHTML = `
      <h1 tabindex="-1">${item.name}</h1>
      <p>${item.blurb}</p>
      <p class="price">${formatPrice(item.price)}</p>
      <p class="live" role="status"></p>
      <p><a href="/spa/products">All products</a></p>`;
    const live = view.querySelector<HTMLElement>('.live')!;
    const offs = [
      context.seglet.on('enter', ({ segment }) => {
        live.textContent = `You just joined “${segment}”.`;
        console.info(`[spa] product/${item.id} heard enter ${segment}`);
      }),
      context.seglet.on('exit', ({ segment }) => {
        live.textContent = `You left “${segment}”.`;
        console.info(`[spa] product/${item.id} heard exit ${segment}`);
      }),
    ];
    return () => offs.forEach((off) => off());
  },
};
