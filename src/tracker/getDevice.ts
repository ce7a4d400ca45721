/**
 * The device class, by feature rather than user agent: a coarse pointer on a small screen is a phone,
 * on a mid-sized one a tablet. Only the page can tell (workers have no `screen` or `matchMedia`); the
 * rest of the visit's context (language, time zone) is read by the worker, and the referrer origin and
 * `utm_*` parameters travel in the `page_view` event.
 */
export function getDevice(): 'mobile' | 'tablet' | 'desktop' {
  const coarse = matchMedia('(pointer: coarse)').matches;
  const short = Math.min(screen.width, screen.height);
  return coarse && short < 600 ? 'mobile' : coarse && short < 1100 ? 'tablet' : 'desktop';
}
