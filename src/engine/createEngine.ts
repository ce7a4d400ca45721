import { assignCluster } from './assignCluster';
import { createHeap } from './createHeap';
import { evaluate, type EvalContext } from './evaluate';
import { explainRule, type Explanation } from './explainRule';
import type { FeatureName, Features } from './featureNames';
import { createFeatures, type FeatureState } from './features/createFeatures';
import type { SignalName } from './features/sessionSignals';
import { landingContext } from './landingContext';
import { createLeaf } from './leaves/createLeaf';
import type { Leaf, Observed } from './leaves/types';
import { stepMembership, type MemberState } from './membership';
import type { Model } from './modelSchema';
import type { CompiledCondition, CompiledRule } from './rule';
import type { Membership, SegEvent, SegmentChange, VisitContext } from './types';

/** Events kept for rules that arrive later (a new model): the oldest are dropped first. */
export const MAX_HISTORY = 2000;
/** A click this soon after the previous one is faster than a person: it only counts as a bot signal. */
export const RAPID_CLICK_MS = 50;
const BOT_KEY = '#bot';
const CLUSTER_KEY = '#cluster';

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
  /** Replaces the engagement weights (the model's `weights`). */
  setWeights(weights: Partial<Record<SignalName, number>> | undefined): SegmentChange | null;
  /** Uses a model: its weights for `engagement_score`, its centroids to assign the visitor a cluster. */
  setModel(model: Model | null): SegmentChange | null;
  /** Sets the visitor's cluster by hand (or none); the model's assignment replaces it at the next event. */
  setCluster(cluster: string | null): SegmentChange | null;
  /** Forgets every event and membership (consent withdrawn, `forget()`); reports the exits. */
  clear(): SegmentChange | null;
  /** When `tick()` must run next, or null. */
  getWakeAt(): number | null;
  getMemberships(): Membership[];
  getFeatures(): Features;
  /** The visit's context: device, language, time zone, new or returning, landing referrer and `utm_*`. */
  getContext(): VisitContext;
  getCluster(): string | null;
  /** Why the visitor is in or out of a segment: each condition with its current value and verdict. */
  explain(id: string): Explanation;
  getState(): EngineState;
}

interface Entry {
  rule: CompiledRule;
  leaves: string[];
  wake: number;
}

function walk(cond: CompiledCondition, visit: (c: CompiledCondition) => void): void {
  visit(cond);
  if (cond.kind === 'all' || cond.kind === 'any') cond.of.forEach((c) => walk(c, visit));
  if (cond.kind === 'not') walk(cond.of, visit);
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
}): Engine {
  const { now } = options;
  const saved = options.state?.v === 2 ? options.state : undefined;
  let context: VisitContext = { ...saved?.context, ...options.context };
  let lastAt = saved?.lastAt ?? null;
  let lastClickAt = saved?.lastClickAt ?? null;
  let landing = saved?.landing ?? 0;
  let model: Model | null = options.model ?? null;
  let cluster: string | null = saved?.cluster ?? null;
  let clusterSince = saved?.clusterSince ?? 0;
  let clusterWake = Infinity;
  let history: Observed[] = saved?.history.slice() ?? [];
  let features: FeatureState = createFeatures({
    saved: saved?.features,
    webdriver: context.webdriver === true,
    weights: options.model?.weights ?? options.weights,
  });
  let savedLeaves: Record<string, unknown> = saved?.leaves ?? {};
  const members = new Map<string, MemberState>(Object.entries(saved?.members ?? {}));
  /** Ids of the current members, in step with `members`, so reporting a change never scans every rule. */
  const current = new Set([...members].filter(([, m]) => m.member).map(([id]) => id));
  if (cluster) current.add(cluster);
  /** The net enters (true) and exits (false) of the call in progress. */
  let log = new Map<string, boolean>();
  /** When the latest of them happened. */
  let loggedAt = -Infinity;
  const leaves = new Map<string, Leaf>();
  const byEvent = new Map<string, Set<string>>();
  const byLeaf = new Map<string, Set<string>>();
  const entries = new Map<string, Entry>();
  const groups = { feature: new Set<string>(), session: new Set<string>(), context: new Set<string>(), cluster: new Set<string>() };
  const heap = createHeap();
  let botWake = Infinity;
  let bot = false;

  function install(rules: readonly CompiledRule[]): void {
    entries.clear();
    byLeaf.clear();
    Object.values(groups).forEach((g) => g.clear());
    for (const rule of rules) {
      const entry: Entry = { rule, leaves: [], wake: Infinity };
      entries.set(rule.id, entry);
      walk(rule.when, (c) => {
        if (c.kind === 'feature') groups.feature.add(rule.id);
        if (c.kind === 'context') groups.context.add(rule.id);
        if (c.kind === 'cluster') groups.cluster.add(rule.id);
        if (c.kind !== 'leaf') return;
        entry.leaves.push(c.key);
        if (c.leaf.type !== 'absent' && c.leaf.type !== 'sequence' && c.leaf.within === 'session') groups.session.add(rule.id);
        if (!byLeaf.has(c.key)) byLeaf.set(c.key, new Set());
        byLeaf.get(c.key)!.add(rule.id);
        if (!leaves.has(c.key)) leaves.set(c.key, buildLeaf(c));
      });
    }
    for (const key of leaves.keys()) if (!byLeaf.has(key)) leaves.delete(key);
    byEvent.clear();
    for (const [key, leaf] of leaves) {
      for (const name of leaf.events) (byEvent.get(name) ?? byEvent.set(name, new Set()).get(name)!).add(key);
    }
    savedLeaves = {};
  }

  function buildLeaf(c: Extract<CompiledCondition, { kind: 'leaf' }>): Leaf {
    if (c.key in savedLeaves) return createLeaf(c.leaf, savedLeaves[c.key]);
    // A leaf new to this visitor starts from the events kept in history.
    const leaf = createLeaf(c.leaf);
    for (const event of history.slice(-MAX_HISTORY)) if (leaf.events.includes(event.name)) leaf.add(event);
    return leaf;
  }

  function contextAt(at: number): EvalContext {
    const view = features.session(at);
    return {
      leaf: (key) => leaves.get(key)!.read(at, view),
      feature: (name: FeatureName) => ({ value: features.get(name, at), until: features.until(name, at) }),
      context,
      cluster,
    };
  }

  /** Evaluates rules at `at` and steps their memberships, scheduling each rule's next look. */
  function run(ids: Iterable<string>, at: number): void {
    const ctx = contextAt(at);
    for (const id of ids) {
      const entry = entries.get(id);
      if (!entry) continue;
      let prev = members.get(id);
      const verdict = evaluate(entry.rule.when, ctx);
      if (prev && prev.signature !== entry.rule.signature) {
        // A changed definition is judged afresh: no ttl or hold earned under the old one carries over.
        const left = prev.member && !verdict.value;
        prev = { ...prev, signature: entry.rule.signature, flaps: 0, lastExit: null, ...(left && { member: false, expiresAt: null }) };
        if (left) record(id, false, at);
      }
      const step = stepMembership(prev, entry.rule, verdict, at, bot);
      members.set(id, step.state);
      if (step.change) record(id, step.change === 'enter', at);
      entry.wake = step.wakeAt;
      if (Number.isFinite(step.wakeAt)) heap.push(step.wakeAt, id);
    }
  }

  /** Re-reads the bot verdict; true when it flipped (every rule must then be judged again). */
  function checkBot(at: number): boolean {
    const verdict = features.bot(at);
    if (verdict.until !== botWake && Number.isFinite(verdict.until)) heap.push(verdict.until, BOT_KEY);
    botWake = verdict.until;
    if (verdict.flagged === bot) return false;
    bot = verdict.flagged;
    return true;
  }

  /** Processes due wake-ups in time order, each at its own time: those before `to`, or at it if `inclusive`. */
  function advance(to: number, inclusive: boolean): void {
    for (let top = heap.peek(); top && (top[0] < to || (inclusive && top[0] === to)); top = heap.peek()) {
      const [at, key] = heap.pop()!;
      if (key === BOT_KEY) {
        if (at === botWake && checkBot(at)) run(entries.keys(), at);
        continue;
      }
      if (key === CLUSTER_KEY) {
        if (at === clusterWake) reassign(at);
        continue;
      }
      const entry = entries.get(key);
      if (entry && entry.wake === at) run([key], at);
    }
  }

  /** Moves the visitor to cluster `next` (a segment with source `cluster`); re-judges `cluster` rules. */
  function moveTo(next: string | null, at: number): void {
    if (next === cluster) return;
    if (cluster) record(cluster, false, at);
    cluster = next;
    clusterSince = at;
    if (next) record(next, true, at);
    run(groups.cluster, at);
  }

  /** Assigns the cluster from the model's features now; looks again when one of them changes with time. */
  function reassign(at: number): void {
    if (!model?.features || !model.centroids) return;
    const values = Object.fromEntries(model.features.map((f) => [f, features.get(f, at)]));
    moveTo(bot ? null : assignCluster(model, values, cluster).cluster, at);
    const wake = Math.min(...model.features.map((f) => features.until(f, at)));
    if (wake !== clusterWake && Number.isFinite(wake)) heap.push(wake, CLUSTER_KEY);
    clusterWake = wake;
  }

  /**
   * Feeds one event to features and leaves; returns its (normalized) time and adds the rules it can
   * affect to `dirty`. Rules are judged once all events of the same moment are in.
   */
  function observe(event: SegEvent, clock: number, dirty: Set<string>): number {
    const at = Math.min(clock, Math.max(event.at, lastAt ?? -Infinity));
    const rapid = event.name === 'click' && lastClickAt !== null && at - lastClickAt < RAPID_CLICK_MS;
    if (event.name === 'click') lastClickAt = at;
    lastAt = at;
    const { session } = features.observe(event.name, at, event.props, rapid);
    if (rapid) return at;
    groups.feature.forEach((id) => dirty.add(id));
    const observed: Observed = { name: event.name, at, props: event.props, session };
    history.push(observed);
    // Trimmed in bulk: amortized O(1), where a shift per event would copy the whole array.
    if (history.length >= 2 * MAX_HISTORY) history.splice(0, history.length - MAX_HISTORY);
    for (const key of byEvent.get(event.name) ?? []) {
      leaves.get(key)!.add(observed);
      byLeaf.get(key)!.forEach((id) => dirty.add(id));
    }
    // Every event moves the session's end, which session-window rules report as their expiry.
    groups.session.forEach((id) => dirty.add(id));
    if (event.name === 'page_view' && landing !== session) {
      landing = session;
      context = { ...context, ...landingContext(event.props) };
      groups.context.forEach((id) => dirty.add(id));
    }
    return at;
  }

  function ingestAll(events: readonly SegEvent[], clock: number): void {
    let dirty = new Set<string>();
    let moment: number | null = null;
    const settle = () => {
      if (moment === null) return;
      run(checkBot(moment) ? entries.keys() : dirty, moment);
      reassign(moment);
      dirty = new Set();
    };
    for (const event of events) {
      const at = Math.min(clock, Math.max(event.at, lastAt ?? -Infinity));
      if (at !== moment) {
        settle();
        // Wake-ups due before this moment happen first, at their own times.
        advance(at, false);
        moment = at;
      }
      observe(event, clock, dirty);
    }
    settle();
  }

  function record(id: string, entered: boolean, at: number): void {
    loggedAt = Math.max(loggedAt, at);
    if (entered) current.add(id);
    else current.delete(id);
    // An enter and an exit within one call cancel out.
    if (log.get(id) === !entered) log.delete(id);
    else log.set(id, entered);
  }

  function forget(id: string): void {
    if (members.get(id)?.member) record(id, false, lastAt ?? now());
    members.delete(id);
  }

  /** Runs `work`, then reports the net change in memberships it made (null when none), at its latest moment. */
  function changeOf(work: () => unknown): SegmentChange | null {
    log = new Map();
    loggedAt = -Infinity;
    work();
    const at = Number.isFinite(loggedAt) ? loggedAt : now();
    const entered = [...log].filter(([, e]) => e).map(([id]) => id).sort();
    const exited = [...log].filter(([, e]) => !e).map(([id]) => id).sort();
    return entered.length || exited.length ? { segments: [...current].sort(), entered, exited, cluster, at } : null;
  }

  install(options.rules ?? []);
  // Every rule is judged at the first tick: time has passed since the state was saved.
  let pendingAll = true;

  function settleAll(at: number): void {
    advance(at, true);
    const botChanged = checkBot(at);
    if (pendingAll) for (const id of [...members.keys()]) if (!entries.has(id)) forget(id);
    if (pendingAll || botChanged) (run(entries.keys(), at), reassign(at));
    pendingAll = false;
  }

  return {
    ingest: (events) =>
      changeOf(() => {
        const clock = now();
        ingestAll(events, clock);
        settleAll(clock);
        return clock;
      }),
    tick: () =>
      changeOf(() => {
        const at = now();
        settleAll(at);
        return at;
      }),
    setRules(rules) {
      return changeOf(() => {
        install(rules);
        pendingAll = true;
        settleAll(now());
      });
    },
    setWeights(weights) {
      features.setWeights(weights);
      return changeOf(() => run(groups.feature, now()));
    },
    setModel(next) {
      return changeOf(() => {
        model = next;
        features.setWeights(next?.weights);
        const at = now();
        run(groups.feature, at);
        if (model?.centroids) reassign(at);
        else moveTo(null, at);
      });
    },
    setCluster(next) {
      return changeOf(() => moveTo(next, now()));
    },
    clear() {
      return changeOf(() => {
        history = [];
        lastAt = lastClickAt = null;
        features = createFeatures({ webdriver: context.webdriver === true, weights: model?.weights });
        [...members.keys()].forEach(forget);
        moveTo(null, now());
        heap.clear();
        leaves.clear();
        install([...entries.values()].map((e) => e.rule));
        bot = false;
        run(entries.keys(), now());
      });
    },
    getWakeAt() {
      for (let top = heap.peek(); top; top = heap.peek()) {
        const [at, key] = top;
        const live = key === BOT_KEY ? at === botWake : key === CLUSTER_KEY ? at === clusterWake : entries.get(key)?.wake === at;
        if (live) return at;
        heap.pop();
      }
      return null;
    },
    getMemberships: () =>
      [...current].sort().map((id) => {
        if (id === cluster) return { id, source: 'cluster' as const, since: clusterSince, expiresAt: null, holdout: false };
        const m = members.get(id)!;
        return { id, source: 'rule' as const, since: m.since, expiresAt: m.expiresAt, holdout: false };
      }),
    getFeatures: () => features.all(now()),
    getContext: () => ({ ...context }),
    getCluster: () => cluster,
    explain: (id) => explainRule(id, entries.get(id)?.rule, members.get(id), contextAt(now()), bot),
    getState: () => ({
      v: 2,
      lastAt,
      lastClickAt,
      history: history.slice(-MAX_HISTORY),
      features: features.save(),
      leaves: Object.fromEntries([...leaves].map(([key, leaf]) => [key, leaf.save()])),
      members: Object.fromEntries(members),
      context,
      landing,
      cluster,
      clusterSince,
    }),
  };
}
