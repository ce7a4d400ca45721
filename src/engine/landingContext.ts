import type { Scalar, VisitContext } from './types';

/**
 * The context a session's landing page view brings: the referrer origin and the `utm_*` parameters of
 * its path. (No URL API here: the engine runs with ES2022 globals only.)
 */
export function landingContext(props: Record<string, Scalar> | undefined): VisitContext {
  const context: VisitContext = { referrer: typeof props?.referrer === 'string' ? props.referrer : '' };
  const path = typeof props?.path === 'string' ? props.path : '';
  const query = path.split('#')[0]!.split('?')[1] ?? '';
  for (const pair of query.split('&')) {
    const [key, value = ''] = pair.split('=');
    if (!key?.startsWith('utm_')) continue;
    try {
      context[key] = decodeURIComponent(value.replace(/\+/g, ' '));
    } catch {
      context[key] = value;
    }
  }
  return context;
}
