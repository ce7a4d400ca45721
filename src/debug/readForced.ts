import { isSegmentId } from '../dom/isSegmentId';

/** At most this many segments forced by a link: more than any QA pass needs, few enough to cost nothing. */
export const MAX_FORCED = 32;

/**
 * Segments forced on this tab for QA by `?seglet-force=a,b` in the page's URL. A link is anyone's to craft:
 * what is not a segment id, and ids past {@link MAX_FORCED}, are left out, and `onInvalid` says how many.
 */
export function readForced(onInvalid: (count: number) => void): string[] {
  const ids = new URLSearchParams(location.search).get('seglet-force')?.split(',').filter(Boolean) ?? [];
  const valid = ids.filter(isSegmentId).slice(0, MAX_FORCED);
  if (valid.length < ids.length) onInvalid(ids.length - valid.length);
  return valid;
}
