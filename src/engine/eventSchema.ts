import { z } from './z';

/** Props per event at most: keeps one event's size bounded whatever a host passes to `track()`. */
export const MAX_PROPS = 32;
/** Longest string prop kept: longer values are a sign of free text, which seglet never wants. */
export const MAX_PROP_LENGTH = 256;

const scalar = z.union([z.string().check(z.maxLength(MAX_PROP_LENGTH)), z.number(), z.boolean(), z.null()]);

/** One event as it crosses into the engine: the boundary check for everything the page sends. */
export const eventSchema = z.strictObject({
  name: z.string().check(z.regex(/^[a-z0-9][a-z0-9_.:-]{0,63}$/i)),
  at: z.number().check(z.refine(Number.isFinite, 'must be a finite time')),
  props: z.optional(
    z.record(z.string().check(z.maxLength(64)), scalar).check(
      z.refine((p) => Object.keys(p).length <= MAX_PROPS, `at most ${MAX_PROPS} props`),
    ),
  ),
});
