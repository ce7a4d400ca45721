import type { ChangeLog } from './createChangeLog';
import { CLUSTER_KEY, type ClusterState } from './createClusterState';
import type { Heap } from './createHeap';
import { BOT_KEY, type Judge } from './createJudge';
import type { Observer } from './createObserver';
import type { RuleIndex } from './createRuleIndex';
import type { SegEvent } from './types';

/** The engine's time, processed in order: events, and the wake-ups due between and after them. */
export interface Timeline {
  /** Takes events in; wake-ups due before each moment fire first, at their own times. */
  ingest(events: readonly SegEvent[], clock: number): void;
  /** Brings everything up to `at`: wake-ups due by then, the bot verdict, and every rule when pending. */
  settle(at: number): void;
  /** Makes the next `settle` judge every rule (and forget removed ones): a new rule set, or a start. */
  judgeAll(): void;
  /** When `settle` must run next with no new event, or null. */
  getWakeAt(): number | null;
}

/**
 * Builds the timeline over the engine's parts. A wake-up in `heap` is live while its owner (a rule's entry,
 * the bot verdict, the cluster assignment) still wants it at that time; a stale one is dropped when it surfaces.
 *
 * @param heap - The wake-ups: rule ids, {@link BOT_KEY} and {@link CLUSTER_KEY}, by time.
 * @param entries - The rules in force, by id.
 * @param seen - Where events come in.
 * @param log - The memberships: a rule no longer in force is forgotten.
 * @param judge - What judges rules and reads the bot verdict.
 * @param clusters - The cluster assignment.
 */
export function createTimeline(
  heap: Heap,
  entries: RuleIndex['entries'],
  seen: Observer,
  log: ChangeLog,
  judge: Judge,
  clusters: ClusterState,
): Timeline {
  // Every rule is judged at the first settle: time has passed since the state was saved.
  let pendingAll = true;

  const live = (key: string, at: number) =>
    (key === BOT_KEY ? judge.botWake() : key === CLUSTER_KEY ? clusters.wake() : entries.get(key)?.wake) === at;

  /** Processes due wake-ups in time order, each at its own time: those before `to`, or at it if `inclusive`. */
  function advance(to: number, inclusive: boolean): void {
    for (let top = heap.peek(); top && (top[0] < to || (inclusive && top[0] === to)); top = heap.peek()) {
      const [at, key] = heap.pop()!;
      if (!live(key, at)) continue;
      if (key === BOT_KEY) {
        if (judge.checkBot(at)) judge.run(entries.keys(), at);
      } else if (key === CLUSTER_KEY) clusters.reassign(at);
      else judge.run([key], at);
    }
  }

  /** Rules are judged once all events of the same moment are in. */
  function ingest(events: readonly SegEvent[], clock: number): void {
    let dirty = new Set<string>();
    let moment: number | null = null;
    const settleMoment = () => {
      if (moment === null) return;
      judge.run(judge.checkBot(moment) ? entries.keys() : dirty, moment);
      clusters.reassign(moment);
      dirty = new Set();
    };
    for (const event of events) {
      const at = seen.timeOf(event, clock);
      if (at !== moment) {
        settleMoment();
        // Wake-ups due before this moment happen first, at their own times.
        advance(at, false);
        moment = at;
      }
      seen.observe(event, clock, dirty);
    }
    settleMoment();
  }

  return {
    ingest,
    settle(at) {
      advance(at, true);
      const botChanged = judge.checkBot(at);
      if (pendingAll) for (const id of [...log.members.keys()]) if (!entries.has(id)) log.forget(id);
      if (pendingAll || botChanged) (judge.run(entries.keys(), at), clusters.reassign(at));
      pendingAll = false;
    },
    judgeAll: () => void (pendingAll = true),
    getWakeAt() {
      for (let top = heap.peek(); top; top = heap.peek()) {
        if (live(top[1], top[0])) return top[0];
        heap.pop();
      }
      return null;
    },
  };
}
