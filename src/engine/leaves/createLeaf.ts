import type { LeafSpec } from '../rule';
import { createAbsentLeaf } from './createAbsentLeaf';
import { createCountLeaf } from './createCountLeaf';
import { createSequenceLeaf } from './createSequenceLeaf';
import { createSumLeaf } from './createSumLeaf';
import type { Leaf } from './types';

/** Builds the incremental state for one aggregate condition, restoring `saved` when given. */
export function createLeaf(spec: LeafSpec, saved?: unknown): Leaf {
  switch (spec.type) {
    case 'count':
    case 'distinct':
      return createCountLeaf(spec, saved);
    case 'sum':
      return createSumLeaf(spec, saved);
    case 'absent':
      return createAbsentLeaf(spec, saved);
    case 'sequence':
      return createSequenceLeaf(spec, saved);
  }
}
