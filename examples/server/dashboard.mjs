/**
 * The data behind the dashboard (`GET /seglet/dashboard.json`): the model in force and its clusters, members
 * per segment from the latest batch of each visitor, drift per feature, and the last training run.
 */
import { readFile, stat } from 'node:fs/promises';
import { DRIFT_P } from './training.mjs';
import { countMembers } from './visitors.mjs';

/**
 * @typedef {object} DashboardData
 * @property {string} generatedAt
 * @property {{ version: string | null, source: 'trained' | 'seed', trainedAt: string | null, vectorsUsed: number | null,
 *   features: string[], maxDistance: number | null, rules: number, collectFeatures: boolean } | null} model `null`
 *   when the model file cannot be read
 * @property {{ id: string, label: string, size: number | null, share: number | null,
 *   features: { name: string, raw: number, z: number }[] }[]} clusters `size`/`share` come from the training
 *   that made the model, when known; `raw` is the center in the feature's own units, `z` in standard deviations
 * @property {import('./visitors.mjs').MemberScan} members
 * @property {{ threshold: number, features: { name: string, ks: number, p: number, flagged: boolean }[] } | null} drift
 *   the model's drift (two-sample KS) against the reference of the model it replaced; `null` without one
 * @property {import('./training.mjs').TrainingStatus} training
 */

/**
 * A cache of the member counts, valid while `sync.ndjson` keeps its inode, size and modification time (appends
 * change the size; a forget replaces the file), so reloading the dashboard does not rescan an unchanged file.
 */
export function createMemberCache() {
  /** @type {{ key: string, value: Promise<import('./visitors.mjs').MemberScan> } | null} */
  let cached = null;
  /** @param {string} file */
  return async (file) => {
    const info = await stat(file).catch(() => null);
    const key = info ? `${info.ino}:${info.size}:${info.mtimeMs}` : 'none';
    if (cached?.key !== key) {
      const value = countMembers(file);
      cached = { key, value };
      value.catch(() => {
        if (cached?.value === value) cached = null;
      });
    }
    return cached.value;
  };
}

/**
 * @param {{ modelFile: string, trainedFile: string, syncFile: string, training: import('./training.mjs').TrainingStatus,
 *   members: (file: string) => Promise<import('./visitors.mjs').MemberScan> }} sources
 * @returns {Promise<DashboardData>}
 */
export async function buildDashboard({ modelFile, trainedFile, syncFile, training, members }) {
  /** @type {Record<string, any> | null} */
  let model = null;
  try {
    const parsed = JSON.parse(await readFile(modelFile, 'utf8'));
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) model = parsed;
  } catch {
    // No readable model: the page says so.
  }
  const trained = modelFile === trainedFile;
  // The last report describes this model only when it made it.
  const report = training.last && model && training.last.version === model.version ? training.last : null;
  const features = Array.isArray(model?.features) ? model.features.map(String) : [];
  const mean = Array.isArray(model?.scaler?.mean) ? model.scaler.mean : [];
  const std = Array.isArray(model?.scaler?.std) ? model.scaler.std : [];
  const centroids = Array.isArray(model?.centroids) ? model.centroids : [];
  const clusters = centroids.map((/** @type {any} */ c) => {
    const sized = report?.centroids.find((r) => r.id === c.id);
    return {
      id: String(c.id),
      label: typeof c.label === 'string' ? c.label : String(c.id),
      size: sized?.size ?? null,
      share: sized?.share ?? null,
      features: features.map((name, j) => {
        const z = Number(c.center?.[j]);
        return { name, z, raw: z * Number(std[j]) + Number(mean[j]) };
      }),
    };
  });
  const drift = model?.drift && typeof model.drift === 'object'
    ? {
        threshold: DRIFT_P,
        features: Object.entries(model.drift)
          .filter(([, v]) => Number.isFinite(v?.ks) && Number.isFinite(v?.p))
          .map(([name, { ks, p }]) => ({ name, ks, p, flagged: p < DRIFT_P })),
      }
    : null;
  return {
    generatedAt: new Date().toISOString(),
    model: model && {
      version: typeof model.version === 'string' ? model.version : null,
      source: trained ? 'trained' : 'seed',
      trainedAt: trained ? (report?.trainedAt ?? model.version ?? null) : null,
      vectorsUsed: report?.vectors.used ?? (trained && Number.isFinite(model.reference?.count) ? model.reference.count : null),
      features,
      maxDistance: Number.isFinite(model.maxDistance) ? model.maxDistance : null,
      rules: Array.isArray(model.rules) ? model.rules.length : 0,
      collectFeatures: model.collectFeatures === true,
    },
    clusters,
    members: await members(syncFile),
    drift,
    training,
  };
}
