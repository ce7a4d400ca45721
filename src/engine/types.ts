/** A flat JSON value: what event props and context fields may hold. */
export type Scalar = string | number | boolean | null;

/** One captured or tracked event, as the engine sees it. `at` is epoch milliseconds. */
export interface SegEvent {
  name: string;
  at: number;
  props?: Record<string, Scalar>;
}

/** Where a membership came from: a trigger rule or a cluster assignment. */
export type SegmentSource = 'rule' | 'cluster';

/** A current segment membership. `expiresAt` is null while the condition holds with no ttl. */
export interface Membership {
  id: string;
  source: SegmentSource;
  since: number;
  expiresAt: number | null;
  holdout: boolean;
}

/** What changed in one evaluation: delivered to host `change` listeners. */
export interface SegmentChange {
  segments: string[];
  entered: string[];
  exited: string[];
  cluster: string | null;
  at: number;
  /** The segments (of `segments`) whose control group the visitor is in: members, but not personalized. */
  holdouts: string[];
}

/** Context of the visit: device class, language, time zone, new vs returning. */
export type VisitContext = Record<string, Scalar>;
