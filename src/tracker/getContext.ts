import type { VisitContext } from '../engine/types';
import { getReferrerOrigin } from './getReferrerOrigin';

/** Device class by feature, not user agent: coarse pointer and small screen. */
function getDevice(): 'mobile' | 'tablet' | 'desktop' {
  const coarse = matchMedia?.('(pointer: coarse)').matches;
  const short = Math.min(screen.width, screen.height);
  if (coarse && short < 600) return 'mobile';
  return coarse && short < 1100 ? 'tablet' : 'desktop';
}

/**
 * The visit's context: device class, referrer origin, `utm_*` parameters, language and time zone.
 */
export function getContext(): VisitContext {
  const context: VisitContext = {
    device: getDevice(),
    referrer: getReferrerOrigin(),
    language: navigator.language || '',
    time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone || '',
  };
  for (const [key, value] of new URLSearchParams(location.search)) {
    if (key.startsWith('utm_')) context[key] = value.slice(0, 100);
  }
  return context;
}
