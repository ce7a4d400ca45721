import type { Seglet } from 'seglet';

/** What a route's view gets: the URL's parameters and the app's seglet instance. */
export interface RouteContext {
  params: Record<string, string>;
  seglet: Seglet;
}

/**
 * Renders a route into `view`. Whatever the route subscribes to, it undoes in the function it returns, which
 * the router calls when the visitor leaves the route.
 */
export type RenderRoute = (view: HTMLElement, context: RouteContext) => (() => void) | void;

/** A page of the app: where it is, its title, and how it renders. */
export interface Route {
  /** `/spa/product/:id`: a `:name` segment matches any one path segment. */
  path: string;
  title: string | ((params: Record<string, string>) => string);
  render: RenderRoute;
}

/** Created by {@link createRouter}. */
export interface Router {
  /** Renders the route of the current URL and starts following links and the back button. */
  start(): void;
  /** Goes to `path` as a new history entry (a page view for seglet). */
  navigate(path: string): void;
}

/**
 * A History API router: links under `base` are followed with `history.pushState`, the back and forward
 * buttons with `popstate`. seglet hears both and records each as a page view; the router only renders.
 */
export function createRouter(options: {
  view: HTMLElement;
  routes: Route[];
  notFound: Route;
  base: string;
  seglet: Seglet;
}): Router {
  const { view, routes, notFound, base, seglet } = options;
  let leave: (() => void) | void;

  const match = (path: string): [Route, Record<string, string>] => {
    for (const route of routes) {
      const params = matchPath(route.path, path);
      if (params) return [route, params];
    }
    return [notFound, {}];
  };
  const titleOf = ([route, params]: [Route, Record<string, string>]) =>
    typeof route.title === 'function' ? route.title(params) : route.title;

  const render = ([route, params]: [Route, Record<string, string>], focus: boolean) => {
    leave?.();
    leave = undefined;
    view.replaceChildren();
    leave = route.render(view, { params, seglet });
    // After a navigation, a screen reader starts at the new page's heading, as after a page load.
    if (focus) view.querySelector('h1')?.focus({ preventScroll: true });
  };

  const navigate = (path: string) => {
    if (path === location.pathname) return;
    const matched = match(path);
    // The title first: seglet's page view, captured inside pushState, carries it.
    document.title = titleOf(matched);
    history.pushState(null, '', path);
    window.scrollTo(0, 0);
    render(matched, true);
  };

  const followLink = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.('a[href]');
    if (!(link instanceof HTMLAnchorElement) || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href);
    if (url.origin !== location.origin || !url.pathname.startsWith(base)) return;
    event.preventDefault();
    navigate(url.pathname);
  };

  const renderCurrent = (focus: boolean) => {
    const matched = match(location.pathname);
    document.title = titleOf(matched);
    render(matched, focus);
  };

  return {
    start() {
      document.addEventListener('click', followLink);
      window.addEventListener('popstate', () => renderCurrent(true));
      renderCurrent(false);
    },
    navigate,
  };
}

/** The parameters when `path` fits `pattern` (`/spa/product/:id`), else `null`. Trailing slashes are ignored. */
function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    if (part.startsWith(':')) params[part.slice(1)] = got[i];
    else if (part !== got[i]) return null;
  }
  return params;
}
