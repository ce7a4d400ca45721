/**
 * The current location as seglet records it: the path, `utm_*` parameters only, and a hash route
 * (`#/…` or `#!/…`, without its own query) for hash-routed apps. Other query parameters and plain
 * anchors are never read into events.
 */
export function getPath(): string {
  const utm = [...new URLSearchParams(location.search)].filter(([k]) => k.startsWith('utm_'));
  // No parameters serialize to '', and then there is no '?' either.
  const query = `${new URLSearchParams(utm)}`;
  const route = location.hash.match(/^#!?\/[^?]*/)?.[0] ?? '';
  return location.pathname + (query && `?${query}`) + route;
}
