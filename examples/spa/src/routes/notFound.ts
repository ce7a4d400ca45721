import type { Route } from '../createRouter';

/** Any other path under `/spa/`: the server answers with the app, the app says it has no such page. */
export const notFound: Route = {
  path: '',
  title: 'Not found · Trailhead',
  render(view) {
    view.innerHTML = `
      <h1 tabindex="-1">Not found</h1>
      <p>There is no such page. <a href="/spa/">Back to the start</a>.</p>`;
  },
};
