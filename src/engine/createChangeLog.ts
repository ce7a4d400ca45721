import type { MemberState } from './membership';
import type { Membership, SegmentChange } from './types';

/** The visitor's segments (rule memberships and the cluster) and the net change an engine call makes to them. */
export interface ChangeLog {
  /** Every rule's membership state, members or not (kept for flap damping). */
  members: Map<string, MemberState>;
  cluster(): string | null;
  /** When the visitor entered the current cluster. */
  since(): number;
  /** Notes an entry (or exit) at `at`; an entry and an exit of one segment within one call cancel out. */
  record(id: string, entered: boolean, at: number): void;
  /** Drops a rule's membership state, recording its exit if it was a member. */
  forget(id: string): void;
  /** Moves the visitor to cluster `next` (or none), recording the exit and the entry; false when already there. */
  setCluster(next: string | null, at: number): boolean;
  /** Runs `work`, then reports the net change in memberships it made (null when none), at its latest moment. */
  changeOf(work: () => unknown): Omit<SegmentChange, 'holdouts'> | null;
  /** The change from a view showing `shown` to the memberships now, at now (null when they are the same). */
  diff(shown: readonly string[]): Omit<SegmentChange, 'holdouts'> | null;
  getMemberships(): Membership[];
}

/**
 * Builds the change log.
 *
 * @param saved - The saved memberships and cluster, if any.
 * @param now - The clock: when a change happens if nothing in the call says otherwise.
 * @param lastAt - The latest event's time: when a forgotten rule's exit happens (`now()` before any event).
 */
export function createChangeLog(
  saved: { members: Record<string, MemberState>; cluster: string | null; clusterSince: number } | undefined,
  now: () => number,
  lastAt: () => number | null,
): ChangeLog {
  const members = new Map<string, MemberState>(Object.entries(saved?.members ?? {}));
  let cluster = saved?.cluster ?? null;
  let clusterSince = saved?.clusterSince ?? 0;
  /** Ids of the current members, in step with `members`, so reporting a change never scans every rule. */
  const current = new Set([...members].filter(([, m]) => m.member).map(([id]) => id));
  if (cluster) current.add(cluster);
  /** The net enters (true) and exits (false) of the call in progress. */
  let log = new Map<string, boolean>();
  /** When the latest of them happened. */
  let loggedAt = -Infinity;

  function record(id: string, entered: boolean, at: number): void {
    loggedAt = Math.max(loggedAt, at);
    if (entered) current.add(id);
    else current.delete(id);
    if (log.get(id) === !entered) log.delete(id);
    else log.set(id, entered);
  }

  return {
    members,
    cluster: () => cluster,
    since: () => clusterSince,
    record,
    forget(id) {
      if (members.get(id)?.member) record(id, false, lastAt() ?? now());
      members.delete(id);
    },
    setCluster(next, at) {
      if (next === cluster) return false;
      if (cluster) record(cluster, false, at);
      cluster = next;
      clusterSince = at;
      if (next) record(next, true, at);
      return true;
    },
    changeOf(work) {
      log = new Map();
      loggedAt = -Infinity;
      work();
      const at = Number.isFinite(loggedAt) ? loggedAt : now();
      const entered = [...log].filter(([, e]) => e).map(([id]) => id).sort();
      const exited = [...log].filter(([, e]) => !e).map(([id]) => id).sort();
      return entered.length || exited.length ? { segments: [...current].sort(), entered, exited, cluster, at } : null;
    },
    diff(shown) {
      const before = new Set(shown);
      const entered = [...current].filter((id) => !before.has(id)).sort();
      const exited = [...before].filter((id) => !current.has(id)).sort();
      return entered.length || exited.length ? { segments: [...current].sort(), entered, exited, cluster, at: now() } : null;
    },
    getMemberships: () =>
      [...current].sort().map((id) => {
        if (id === cluster) return { id, source: 'cluster' as const, since: clusterSince, expiresAt: null, holdout: false };
        const m = members.get(id)!;
        return { id, source: 'rule' as const, since: m.since, expiresAt: m.expiresAt, holdout: false };
      }),
  };
}
