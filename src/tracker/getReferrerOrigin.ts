/** The referrer's origin only ('' when there is none): paths and queries of other sites are never kept. */
export function getReferrerOrigin(): string {
  try {
    return document.referrer ? new URL(document.referrer).origin : '';
  } catch {
    return '';
  }
}
