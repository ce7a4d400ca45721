import { createChangeLog } from './createChangeLog';
import { createClusterState } from './createClusterState';
import { createHeap } from './createHeap';
import { createJudge } from './createJudge';
import { createObserver } from './createObserver';
import { createRuleIndex } from './createRuleIndex';
import { createTimeline } from './createTimeline';
import { explainRule, type Explanation } from './explainRule';
import type { Features } from './featureNames';
import type { SignalName } from './features/sessionSignals';
import type { Observed } from './leaves/types';
import type { MemberState } from './membership';
import type { Model } from './modelSchema';
import type { CompiledRule } from './rule';
import type { Membership, SegEvent, SegmentChange, VisitContext } from './types';
import { unitHash } from './unitHash';

export { MAX_HISTORY, RAPID_CLICK_MS } from './createObserver';

/** What the engine persists and restores: plain JSON-safe data. */
export interface EngineState {
  v: 2;
  lastAt: number | null;
  lastClickAt: number | null;
  history: Observed[];
  features: unknown;
  leaves: Record<string, unknown>;
  members: Record<string, MemberState>;
  context: VisitContext;
  landing: number;
  cluster: string | null;
  clusterSince: number;
}

export interface Engine {
  /** Adds events (in order; times never go backwards) and re-evaluates the rules they can affect. */
  ingest(events: readonly SegEvent[]): SegmentChange | null;
  /** Advances to the clock: expiries, window exits and deadlines due by now, each at its own time. */
  tick(): SegmentChange | null;
  /** Replaces the rule set; removed or changed rules are re-evaluated, new ones see the history. */
  setRules(rules: readonly CompiledRule[]): SegmentChange | null;
  /**
   * Uses a model: its weights for `engagement_score`, its centroids to assign the visitor a cluster and,
   * when given, `rules` (the model's with the page's) in place of the rule set, all in one change.
   */
  setModel(model: Model | null, rules?: readonly CompiledRule[]): SegmentChange | null;
  /** Sets the visitor's cluster by hand (or none); the model's assignment replaces it at the next event. */
  setCluster(cluster: string | null): SegmentChange | null;
  /** Forgets every event and membership (consent withdrawn, `forget()`); reports the exits. */
  clear(): SegmentChange | null;
  /**
   * The change that takes a view showing the segments `shown` to the memberships now: what tabs must hear
   * when this engine replaces the one they were shown (null when they show the same).
   */
  changeFrom(shown: readonly string[]): SegmentChange | null;
  /** When `tick()` must run next, or null. */
  getWakeAt(): number | null;
  getMemberships(): Membership[];
  getFeatures(): Features;
  /** The visit's context: device, language, time zone, new or returning, landing referrer and `utm_*`. */
  getContext(): VisitContext;
  getCluster(): string | null;
  /** Why the visitor is taken for a bot, each signal in words, strongest first (null when they are not): a debugging aid. */
  getBotReason(): string | null;
  /** Why the visitor is in or out of a segment: each condition with its current value and verdict. */
  explain(id: string): Explanation;
  getState(): EngineState;
}

/**
 * Builds the segmentation engine: pure and synchronous, with an injected clock. An event costs the leaves
 * listening to its name and the rules they (or features) feed, never the history or unrelated rules.
 * Call `tick()` once after creating it to settle restored state.
 *
 * @example
 * const engine = createEngine({ now: Date.now, rules, state: restored });
 * const change = engine.ingest([{ name: 'click', at: Date.now(), props: { key: 'headline-1' } }]);
 */
export function createEngine(options: {
  now: () => number;
  rules?: readonly CompiledRule[];
  state?: EngineState;
  context?: VisitContext;
  weights?: Partial<Record<SignalName, number>>;
  model?: Model | null;
  /** The visitor's id, read when holdouts are decided: its hash puts each member in or out of a control group. */
  visitor?: () => string;
}): Engine {
  const { now } = options;
  const saved = options.state?.v === 2 ? options.state : undefined;
  const heap = createHeap();
  const index = createRuleIndex(saved?.leaves, () => seen.history());
  const { entries, groups } = index;
  const seen = createObserver(saved, options.context, options.model?.weights ?? options.weights, index);
  const log = createChangeLog(saved, now, seen.lastAt);
  const { members } = log;
  const judge = createJudge(index, seen, log, heap);
  const clusters = createClusterState(options.model ?? null, heap, seen, log, judge, groups.cluster);
  const timeline = createTimeline(heap, entries, seen, log, judge, clusters);
  index.setRules(options.rules ?? []);

  /** Whether the visitor is in the segment's control group: a stable hash of visitor and segment under its share. */
  const inHoldout = (id: string) => {
    const share = entries.get(id)?.rule.holdout ?? clusters.model()?.centroids?.find((c) => c.id === id)?.holdout ?? 0;
    return share > 0 && unitHash(`${options.visitor?.() ?? ''}\n${id}`) < share;
  };
  const changeOf = (work: () => void): SegmentChange | null => {
    const change = log.changeOf(work);
    return change && { ...change, holdouts: change.segments.filter(inHoldout) };
  };

  return {
    ingest: (events) =>
      changeOf(() => {
        const clock = now();
        timeline.ingest(events, clock);
        timeline.settle(clock);
      }),
    tick: () => changeOf(() => timeline.settle(now())),
    setRules: (rules) =>
      changeOf(() => {
        index.setRules(rules);
        timeline.judgeAll();
        timeline.settle(now());
      }),
    setModel: (next, rules) =>
      changeOf(() => {
        seen.features().setWeights(next?.weights);
        const at = now();
        if (!rules) judge.run(groups.feature, at);
        clusters.setModel(next, at);
        if (rules) (index.setRules(rules), timeline.judgeAll(), timeline.settle(at));
      }),
    setCluster: (next) => changeOf(() => clusters.moveTo(next, now())),
    clear: () =>
      changeOf(() => {
        seen.clear(clusters.model()?.weights);
        [...members.keys()].forEach((id) => log.forget(id));
        clusters.moveTo(null, now());
        heap.clear();
        index.clear();
        judge.clear();
        judge.run(entries.keys(), now());
      }),
    changeFrom(shown) {
      const change = log.diff(shown);
      return change && { ...change, holdouts: change.segments.filter(inHoldout) };
    },
    getWakeAt: timeline.getWakeAt,
    getMemberships: () => log.getMemberships().map((m) => ({ ...m, holdout: inHoldout(m.id) })),
    getFeatures: () => seen.features().all(now()),
    getContext: () => ({ ...seen.context() }),
    getCluster: log.cluster,
    getBotReason() {
      const { reasons } = seen.features().bot(now());
      return judge.bot() && reasons.length ? reasons.join('; ') : null;
    },
    explain: (id) => explainRule(id, entries.get(id)?.rule, members.get(id), judge.contextAt(now()), judge.bot()),
    getState() {
      const { context, landing, ...events } = seen.save();
      const members = Object.fromEntries(log.members);
      return { v: 2, ...events, leaves: index.save(), members, context, landing, cluster: log.cluster(), clusterSince: log.since() };
    },
  };
}
