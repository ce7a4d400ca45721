import { assignCluster } from './assignCluster';
import type { ChangeLog } from './createChangeLog';
import type { Heap } from './createHeap';
import type { Judge } from './createJudge';
import type { Observer } from './createObserver';
import type { Model } from './modelSchema';

/** The heap key of the cluster assignment's next look. Rule ids cannot start with `#`. */
export const CLUSTER_KEY = '#cluster';

/** The model and the cluster it assigns the visitor to (a segment with source `cluster`). */
export interface ClusterState {
  model(): Model | null;
  /** When the assignment is due to be looked at again (`Infinity`: only an event changes it). */
  wake(): number;
  /** Uses `model` from `at`: its centroids assign the cluster now; without centroids there is none. */
  setModel(model: Model | null, at: number): void;
  /** Moves the visitor to cluster `next` (or none); the rules that read the cluster are judged again. */
  moveTo(next: string | null, at: number): void;
  /** Assigns the cluster from the model's features now; looks again when one of them changes with time. */
  reassign(at: number): void;
}

/**
 * Builds the cluster assignment. A visitor taken for a bot is in no cluster.
 *
 * @param model - The model in force, if any.
 * @param heap - Where the next look is scheduled.
 * @param seen - The features the model reads.
 * @param log - Where the cluster membership is kept.
 * @param judge - What judges the rules that read the cluster.
 * @param readers - Those rules' ids.
 */
export function createClusterState(
  model: Model | null,
  heap: Heap,
  seen: Observer,
  log: ChangeLog,
  judge: Judge,
  readers: Set<string>,
): ClusterState {
  let clusterWake = Infinity;

  function moveTo(next: string | null, at: number): void {
    if (log.setCluster(next, at)) judge.run(readers, at);
  }

  function reassign(at: number): void {
    if (!model?.features || !model.centroids) return;
    const features = seen.features();
    const values = Object.fromEntries(model.features.map((f) => [f, features.get(f, at)]));
    moveTo(judge.bot() ? null : assignCluster(model, values, log.cluster()).cluster, at);
    const wake = Math.min(...model.features.map((f) => features.until(f, at)));
    if (wake !== clusterWake && Number.isFinite(wake)) heap.push(wake, CLUSTER_KEY);
    clusterWake = wake;
  }

  return {
    model: () => model,
    wake: () => clusterWake,
    setModel(next, at) {
      model = next;
      if (model?.centroids) reassign(at);
      else moveTo(null, at);
    },
    moveTo,
    reassign,
  };
}
