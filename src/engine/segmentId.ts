import { z } from './z';

/**
 * A segment id: a rule's id or a centroid's. Short and plain, because ids travel in sync batches, DOM
 * attributes and host callbacks.
 */
export const segmentId = z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, 'must be 1–64 letters, digits, "-" or "_"'));

/** A control-group share (rules' and centroids' `holdout`): from 0 (nobody) up to, not including, 1. */
export const holdoutShare = z.number().check(z.gte(0), z.lt(1));
