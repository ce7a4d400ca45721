/**
 * Whether a value can be a segment id: 1–64 letters, digits, `-` or `_` (the engine's rule, src/engine/segmentId.ts).
 * Ids become `<html>` classes and reach host listeners, so one from outside the engine (a `?seglet-force` link
 * anyone can post, the page's cache) is checked first: a space or markup in one must never get that far.
 */
export const isSegmentId = (id: unknown): id is string => typeof id == 'string' && /^[a-z\d][\w-]{0,63}$/i.test(id);
