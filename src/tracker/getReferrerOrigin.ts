/** The referrer's origin only ('' when there is none): paths and queries of other sites are never kept. */
export function getReferrerOrigin(): string {
  try {
    return new URL(document.referrer).origin;
  } catch {
    // No referrer ('' is no URL) or one that does not parse.
    return '';
  }
}
