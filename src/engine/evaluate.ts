import { compare } from './compare';
import type { FeatureName } from './featureNames';
import type { Reading } from './leaves/types';
import { matchesWhere } from './matchesWhere';
import type { CompiledCondition } from './rule';
import type { VisitContext } from './types';

/**
 * A verdict and how long it stands: with no new event, the condition keeps `value` until the clock
 * reaches `until` (exclusive; `Infinity` when only an event can change it).
 */
export interface Verdict {
  value: boolean;
  until: number;
}

/** What conditions read: leaf states, features, the visit's context and cluster, all at one time. */
export interface EvalContext {
  leaf(key: string): Reading;
  feature(name: FeatureName): { value: number; until: number };
  context: VisitContext;
  cluster: string | null;
}

/** Evaluates a compiled condition. Cost: the size of the condition, never the length of the history. */
export function evaluate(cond: CompiledCondition, ctx: EvalContext): Verdict {
  switch (cond.kind) {
    case 'all':
    case 'any': {
      const want = cond.kind === 'any';
      let until = Infinity;
      for (const child of cond.of) {
        const v = evaluate(child, ctx);
        // The first child with the deciding value fixes the verdict; a later flip of it is the next look.
        if (v.value === want) return { value: want, until: v.until };
        until = Math.min(until, v.until);
      }
      return { value: !want, until };
    }
    case 'not': {
      const v = evaluate(cond.of, ctx);
      return { value: !v.value, until: v.until };
    }
    case 'leaf': {
      const { verdict, until } = ctx.leaf(cond.key);
      return { value: verdict, until };
    }
    case 'feature': {
      const { value, until } = ctx.feature(cond.feature as FeatureName);
      return { value: compare(value, cond.cmp), until };
    }
    case 'context':
      return { value: matchesWhere(ctx.context, cond.where), until: Infinity };
    case 'cluster':
      return { value: ctx.cluster === cond.cluster, until: Infinity };
  }
}
