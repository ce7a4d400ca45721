import type { Features } from './featureNames';
import type { Model } from './modelSchema';

/**
 * Hysteresis: a visitor leaves their cluster for another only when the other centre is this much closer
 * (as a share of the distance), and leaves for "no cluster" only beyond `maxDistance` by this much — so a
 * visitor on a boundary does not flap.
 */
export const HYSTERESIS = 0.1;

export interface Assignment {
  cluster: string | null;
  /** Distance to the assigned centre (or to the nearest one, when none is assigned), in standard deviations. */
  distance: number;
}

/**
 * Assigns a visitor to the nearest centroid of the model: features z-scored with the model's scaler,
 * Euclidean distance, no cluster beyond `maxDistance`, with hysteresis around `previous`.
 *
 * @example assignCluster(model, engine.getFeatures(), 'bargain-hunter') // { cluster: 'bargain-hunter', distance: 1.2 }
 */
export function assignCluster(model: Model, features: Partial<Features>, previous: string | null): Assignment {
  const { features: names, scaler, centroids, maxDistance = Infinity } = model;
  if (!names || !scaler || !centroids?.length) return { cluster: null, distance: Infinity };
  const z = names.map((name, i) => ((features[name] ?? 0) - scaler.mean[i]!) / scaler.std[i]!);
  const distances = centroids.map((c) => Math.hypot(...c.center.map((v, i) => v - z[i]!)));
  let best = 0;
  distances.forEach((d, i) => d < distances[best]! && (best = i));
  const held = centroids.findIndex((c) => c.id === previous);
  // Stay unless the best centre is clearly closer, or the visitor has clearly left the model's reach.
  if (held >= 0 && distances[held]! <= maxDistance * (1 + HYSTERESIS) && distances[best]! >= distances[held]! * (1 - HYSTERESIS)) {
    return { cluster: previous, distance: distances[held]! };
  }
  const nearest = distances[best]!;
  return nearest <= maxDistance ? { cluster: centroids[best]!.id, distance: nearest } : { cluster: null, distance: nearest };
}
