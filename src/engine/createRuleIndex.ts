import { createLeaf } from './leaves/createLeaf';
import type { Leaf, Observed, Reading, SessionView } from './leaves/types';
import type { CompiledCondition, CompiledRule } from './rule';

/** One rule and when it must be judged next with no new event (`Infinity`: only an event). */
export interface Entry {
  rule: CompiledRule;
  wake: number;
}

/** Rules that inputs other than their leaves can move, by input: each group is re-judged when its input moves. */
export interface RuleGroups {
  /** Rules that read a feature: any counted event. */
  feature: Set<string>;
  /** Rules with a session-window leaf: any event moves the session's end. */
  session: Set<string>;
  /** Rules that read the visit's context: a new landing. */
  context: Set<string>;
  /** Rules that read the cluster: a move. */
  cluster: Set<string>;
}

/** The rules in force and the leaves they share, indexed so an event reaches only what it can affect. */
export interface RuleIndex {
  /** Every rule by id, in the order given; refilled in place by `setRules`, so references stay valid. */
  entries: Map<string, Entry>;
  /** Also refilled in place. */
  groups: RuleGroups;
  /** Replaces the rule set. Leaves still in use keep their state; new ones replay the history. */
  setRules(rules: readonly CompiledRule[]): void;
  /** Adds an event to the leaves listening for its name, and the rules they feed to `dirty`. */
  add(event: Observed, dirty: Set<string>): void;
  /** Reads leaf `key` at `at`. */
  read(key: string, at: number, view: SessionView): Reading;
  /** Forgets every leaf's state: the same rules' leaves start again from the history (after it was cleared). */
  clear(): void;
  save(): Record<string, unknown>;
}

function walk(cond: CompiledCondition, visit: (c: CompiledCondition) => void): void {
  visit(cond);
  if (cond.kind === 'all' || cond.kind === 'any') cond.of.forEach((c) => walk(c, visit));
  if (cond.kind === 'not') walk(cond.of, visit);
}

/**
 * Builds the rule index. Rules share leaves by key.
 *
 * @param saved - Leaf states by key, used by the first `setRules` only.
 * @param replay - The kept history, oldest first: a leaf new to this visitor starts from it.
 */
export function createRuleIndex(saved: Record<string, unknown> | undefined, replay: () => readonly Observed[]): RuleIndex {
  let leafStates = saved ?? {};
  const leaves = new Map<string, Leaf>();
  const byEvent = new Map<string, Set<string>>();
  const byLeaf = new Map<string, Set<string>>();
  const entries = new Map<string, Entry>();
  const groups: RuleGroups = { feature: new Set(), session: new Set(), context: new Set(), cluster: new Set() };

  function buildLeaf(c: Extract<CompiledCondition, { kind: 'leaf' }>): Leaf {
    if (c.key in leafStates) return createLeaf(c.leaf, leafStates[c.key]);
    // A leaf new to this visitor starts from the events kept in history.
    const leaf = createLeaf(c.leaf);
    for (const event of replay()) if (leaf.events.includes(event.name)) leaf.add(event);
    return leaf;
  }

  function setRules(rules: readonly CompiledRule[]): void {
    entries.clear();
    byLeaf.clear();
    Object.values(groups).forEach((g) => g.clear());
    for (const rule of rules) {
      entries.set(rule.id, { rule, wake: Infinity });
      walk(rule.when, (c) => {
        if (c.kind === 'feature') groups.feature.add(rule.id);
        if (c.kind === 'context') groups.context.add(rule.id);
        if (c.kind === 'cluster') groups.cluster.add(rule.id);
        if (c.kind !== 'leaf') return;
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
    leafStates = {};
  }

  return {
    entries,
    groups,
    setRules,
    add(event, dirty) {
      for (const key of byEvent.get(event.name) ?? []) {
        leaves.get(key)!.add(event);
        byLeaf.get(key)!.forEach((id) => dirty.add(id));
      }
    },
    read: (key, at, view) => leaves.get(key)!.read(at, view),
    clear() {
      leaves.clear();
      setRules([...entries.values()].map((e) => e.rule));
    },
    save: () => Object.fromEntries([...leaves].map(([key, leaf]) => [key, leaf.save()])),
  };
}
