/**
 * Retraining for the reference server (DESIGN "Closing the loop"): reads the latest feature vector of every
 * visitor from the stored sync batches, trains with `train()` (train/train.mjs) in a worker thread against the
 * model in force, and publishes `<dataDir>/model.json` atomically. On demand (`POST /seglet/train`) and, when
 * asked, on a schedule that skips runs with too little new data.
 *
 * - Features: the `trainFeatures` option, else the current model's `features`, else the engine's `TRAIN_FEATURES`
 *   (`dist/engine.mjs`; the feature table in src/engine/features/featureTable.ts says which features those are).
 * - Rules and weights come from the seed model (`examples/server/model.json`, where people edit them) when it has
 *   them, so every trained model carries the demo's rules; ids, and anything else in the model, carry over from
 *   the model in force; `collectFeatures` is always `true`, so devices keep sending vectors.
 * - The last run's report goes to `<dataDir>/training.json` (the dashboard reads it, also after a restart).
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { readLatestVectors } from './visitors.mjs';

/** Fewer visitors than this make a model that describes a handful of people: refuse (422) instead. */
export const MIN_TRAIN_VECTORS = 20;

/** A scheduled run needs at least this many new vector batches since the last run (`minNewVectors`). */
export const DEFAULT_MIN_NEW_VECTORS = 50;

/** A p-value under this flags a feature as drifted (1 %: several features are tested at once). */
export const DRIFT_P = 0.01;

/**
 * @typedef {object} TrainerOptions
 * @property {string} dataDir where `sync.ndjson` is, and where `model.json` and `training.json` go
 * @property {string} seedModelFile the model served until the first training (examples/server/model.json)
 * @property {string} distDir `dist/`: when `dist/engine.mjs` exists, a model it rejects is never published
 * @property {import('./syncStore.mjs').SyncStore} store
 * @property {number | 'auto'} [k] clusters; default 'auto' (2…10 by silhouette)
 * @property {number} [seed] default 1: the same data gives the same model
 * @property {string[]} [features] default: see the module comment
 * @property {number} [retrainEvery] milliseconds between scheduled checks; off when absent
 * @property {number} [minNewVectors] default {@link DEFAULT_MIN_NEW_VECTORS}
 * @property {(line: string) => void} log
 */

/**
 * @typedef {object} TrainingReport what `POST /seglet/train` answers and `training.json` keeps
 * @property {true} ok
 * @property {'manual' | 'schedule'} trigger
 * @property {string} version the new model's version (its training time)
 * @property {string} trainedAt
 * @property {number} durationMs
 * @property {number} k
 * @property {number | null} silhouette the chosen k's mean silhouette
 * @property {{ k: number, inertia: number, silhouette: number | null }[]} curve inertia and silhouette per k tried
 * @property {string[]} features
 * @property {{ used: number, lines: number, vectorBatches: number, superseded: number, bots: number,
 *   badLines: number, bad: { line: number, reason: string }[] }} vectors
 * @property {{ id: string, label: string, size: number, share: number, kept: boolean, previousId: string | null,
 *   moved: number | null }[]} centroids largest first; `moved` is in standard deviations
 * @property {{ kept: string[], new: string[], retired: string[] }} ids
 * @property {{ feature: string, ks: number, p: number, drifted: boolean }[] | null} drift against the previous
 *   model's reference; `null` on a first training
 * @property {string[]} warnings
 */

/**
 * @typedef {object} TrainingState persisted in `training.json`
 * @property {TrainingReport | null} last the last successful run
 * @property {{ at: string, trigger: string, status: number, error: string } | null} lastError the last failed
 *   run, when it came after the last successful one
 * @property {number} vectorBatchesAtLastRun the store's vector batch count when the last run started
 */

/**
 * @typedef {object} Trainer
 * @property {(trigger?: 'manual' | 'schedule') => Promise<{ status: number, body: Record<string, unknown> }>} run
 *   200 with the report, 409 while another run is going, 422 with too few vectors, 500 on a failure
 * @property {() => Promise<string>} modelFile the model to serve: the trained one when it exists, else the seed
 * @property {() => TrainingStatus} status
 * @property {() => Promise<void>} stop ends the schedule and any run in progress (its result is dropped)
 */

/**
 * @typedef {object} TrainingStatus
 * @property {boolean} running
 * @property {TrainingReport | null} last
 * @property {TrainingState['lastError']} lastError
 * @property {number} newVectors vector batches stored since the last run started
 * @property {{ every: number, minNewVectors: number, lastCheck: { at: string, ran: boolean, reason: string } | null } | null} schedule
 */

/**
 * Parses a duration for `--retrain-every` / `RETRAIN_EVERY`: `500ms`, `30s`, `10m`, `1h`, `1d`, or a number of
 * milliseconds; `off`, `0` or an empty string turn the schedule off (`undefined`).
 * @param {string} text
 * @returns {number | undefined}
 * @example parseDuration('10m') // 600000
 */
export function parseDuration(text) {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '' || trimmed === 'off' || trimmed === '0') return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(trimmed);
  if (!match) throw new Error(`invalid duration "${text}": use e.g. 30s, 10m, 1h or a number of milliseconds`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 'ms'] ?? 1;
  const ms = Number(match[1]) * unit;
  if (ms < 1) throw new Error(`invalid duration "${text}": too short`);
  return ms;
}

/**
 * Reads a JSON object from a file, or `null` when it is missing or not a JSON object.
 * @param {string} file
 * @returns {Promise<Record<string, any> | null>}
 */
async function readJsonObject(file) {
  try {
    const value = JSON.parse(await readFile(file, 'utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Writes a file so that readers see the old content or the new, never half of it: a temporary file in the
 * same folder, then a rename.
 * @param {string} file
 * @param {string} text
 */
export async function writeAtomically(file, text) {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Pretty JSON with arrays of numbers on one line, so a model with a dozen features stays readable.
 * @param {unknown} value
 */
function formatJson(value) {
  return `${JSON.stringify(value, null, 2).replace(/\[\s+(-?\d[^[\]{}"]*?)\s+\]/g, (_, inner) => `[${inner.split(/,\s+/).join(', ')}]`)}\n`;
}

/**
 * @param {unknown} value
 * @returns {value is string[]}
 */
const isStringArray = (value) => Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string');

/**
 * @typedef {object} EngineForTraining what the trainer takes from `dist/engine.mjs`
 * @property {(value: unknown) => { error: string } | { model: unknown }} parseModel
 * @property {readonly string[]} TRAIN_FEATURES the default features of a first model
 */

/**
 * Loads `dist/engine.mjs` when the build exists, else `null` (a `root` may be a tree without one).
 * @param {string} distDir
 * @returns {Promise<EngineForTraining | null>}
 */
async function loadEngine(distDir) {
  const file = path.join(distDir, 'engine.mjs');
  if (!(await stat(file).then((info) => info.isFile(), () => false))) return null;
  try {
    const engine = await import(pathToFileURL(file).href);
    return typeof engine.parseModel === 'function' && Array.isArray(engine.TRAIN_FEATURES) ? engine : null;
  } catch {
    return null;
  }
}

/**
 * Creates the trainer of one server. Reads the last run's state from `training.json` and, with
 * `retrainEvery`, starts the schedule (an unref'd timer: it never keeps the process alive by itself).
 * @param {TrainerOptions} options
 * @returns {Promise<Trainer>}
 */
export async function createTrainer(options) {
  const { dataDir, seedModelFile, distDir, store, k = 'auto', seed = 1, log } = options;
  const minNewVectors = options.minNewVectors ?? DEFAULT_MIN_NEW_VECTORS;
  if (k !== 'auto' && !(Number.isInteger(k) && k >= 1)) throw new Error(`trainK must be "auto" or a positive integer, got ${k}`);
  if (!(Number.isInteger(minNewVectors) && minNewVectors >= 0)) throw new Error(`minNewVectors must be a non-negative integer, got ${minNewVectors}`);
  if (options.retrainEvery !== undefined && !(options.retrainEvery > 0 && Number.isFinite(options.retrainEvery))) {
    throw new Error(`retrainEvery must be a positive number of milliseconds, got ${options.retrainEvery}`);
  }
  if (options.features !== undefined && !isStringArray(options.features)) throw new Error('trainFeatures must be a non-empty list of feature names');
  const trainedFile = path.join(dataDir, 'model.json');
  const stateFile = path.join(dataDir, 'training.json');
  const saved = await readJsonObject(stateFile);
  /** @type {TrainingState} */
  const state = {
    last: saved?.last ?? null,
    lastError: saved?.lastError ?? null,
    vectorBatchesAtLastRun: Number.isInteger(saved?.vectorBatchesAtLastRun) ? saved?.vectorBatchesAtLastRun : 0,
  };
  /** @type {Promise<unknown> | null} */
  let running = null;
  /** @type {Worker | null} */
  let worker = null;
  let stopped = false;
  /** @type {{ at: string, ran: boolean, reason: string } | null} */
  let lastCheck = null;
  /** @type {Promise<EngineForTraining | null> | undefined} */
  let engine;

  const modelFile = async () => ((await stat(trainedFile).then((info) => info.isFile(), () => false)) ? trainedFile : seedModelFile);

  /**
   * Trains in a worker thread; rejects with the trainer's error (its `name` kept, so a RangeError stays one).
   * @param {Float64Array} data
   * @param {import('../../train/train.mjs').TrainOptions} trainOptions
   * @returns {Promise<{ model: Record<string, any>, report: import('../../train/train.mjs').TrainReport }>}
   */
  function trainInWorker(data, trainOptions) {
    return new Promise((resolve, reject) => {
      const thread = new Worker(new URL('./trainWorker.mjs', import.meta.url), {
        workerData: { data, options: trainOptions }, transferList: [/** @type {ArrayBuffer} */ (data.buffer)],
      });
      worker = thread;
      let settled = false;
      thread.once('message', (message) => {
        settled = true;
        if (message.ok) return resolve({ model: message.model, report: message.report });
        const error = new Error(message.message);
        error.name = message.name;
        reject(error);
      });
      thread.once('error', (error) => {
        settled = true;
        reject(error);
      });
      thread.once('exit', (code) => {
        if (worker === thread) worker = null;
        if (!settled) reject(new Error(stopped ? 'the server stopped during training' : `the training thread exited with code ${code}`));
      });
    });
  }

  /**
   * One training run, start to finish.
   * @param {'manual' | 'schedule'} trigger
   * @returns {Promise<{ status: number, body: Record<string, unknown> }>}
   */
  async function train(trigger) {
    const began = Date.now();
    const vectorBatchesAtStart = store.vectorBatches();
    const seedModel = await readJsonObject(seedModelFile);
    const current = (await readJsonObject(trainedFile)) ?? seedModel ?? {};
    engine ??= loadEngine(distDir);
    const defaults = (await engine)?.TRAIN_FEATURES;
    const features = options.features ?? (isStringArray(current.features) ? current.features : defaults && [...defaults]);
    if (!features) throw new Error(`no features to train on: name them (trainFeatures), or build ${path.join(distDir, 'engine.mjs')} for the defaults`);
    const scan = await readLatestVectors(store.file, features);
    const vectors = {
      used: scan.count, lines: scan.lines, vectorBatches: scan.vectorBatches, superseded: scan.superseded, bots: scan.bots,
      badLines: scan.badCount, bad: scan.bad,
    };
    state.vectorBatchesAtLastRun = vectorBatchesAtStart;
    const minimum = Math.max(MIN_TRAIN_VECTORS, 2 * (k === 'auto' ? 2 : k));
    if (scan.count < minimum) {
      const reason = `too few vectors to train: ${scan.count} visitor${scan.count === 1 ? '' : 's'} with a usable feature vector, `
        + `need at least ${minimum} (${scan.vectorBatches} batches carried features, ${scan.bots} bots and ${scan.badCount} bad lines left out)`;
      return { status: 422, body: { error: reason, needed: minimum, vectors } };
    }
    const previous = {
      ...current,
      rules: seedModel?.rules ?? current.rules ?? [],
      weights: seedModel?.weights ?? current.weights ?? {},
      collectFeatures: true,
    };
    const { model, report } = await trainInWorker(scan.data, { features, k, previous, seed });
    if (stopped) return { status: 503, body: { error: 'the server stopped during training' } };
    model.collectFeatures = true;
    const verdict = (await engine)?.parseModel(model);
    if (verdict && 'error' in verdict) throw new Error(`the trained model would be rejected by the SDK: ${verdict.error}`);
    await writeAtomically(trainedFile, formatJson(model));
    const previousIds = Array.isArray(current.centroids) ? current.centroids.map((/** @type {any} */ c) => String(c?.id)) : [];
    const newIds = new Set(report.centroids.map((c) => c.id));
    /** @type {TrainingReport} */
    const body = {
      ok: true,
      trigger,
      version: model.version,
      trainedAt: model.version,
      durationMs: Date.now() - began,
      k: report.k,
      silhouette: report.curve.find((point) => point.k === report.k)?.silhouette ?? null,
      curve: report.curve,
      features,
      vectors,
      centroids: report.centroids.map((c) => ({
        id: c.id, label: c.label, size: c.size, share: c.size / report.count, kept: c.previousId !== null, previousId: c.previousId, moved: c.distance,
      })),
      ids: {
        kept: report.centroids.filter((c) => c.previousId !== null).map((c) => c.id),
        new: report.centroids.filter((c) => c.previousId === null).map((c) => c.id),
        retired: previousIds.filter((id) => !newIds.has(id)),
      },
      drift: report.drift
        ? Object.entries(report.drift).map(([feature, { ks, p }]) => ({ feature, ks, p, drifted: p < DRIFT_P }))
        : null,
      warnings: report.warnings,
    };
    state.last = body;
    state.lastError = null;
    return { status: 200, body: /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (body)) };
  }

  /**
   * Runs once unless a run is already going; never rejects: failures become 500 and are remembered.
   * @param {'manual' | 'schedule'} [trigger]
   */
  async function run(trigger = 'manual') {
    if (stopped) return { status: 503, body: { error: 'the server is stopping' } };
    if (running) return { status: 409, body: { error: 'a training run is already in progress: try again when it ends' } };
    /** @type {{ status: number, body: Record<string, unknown> }} */
    let result;
    const attempt = train(trigger).catch((/** @type {Error} */ error) => {
      if (!stopped) console.error('seglet server: training failed:', error);
      return { status: 500, body: { error: `training failed: ${error.message}` } };
    });
    running = attempt;
    try {
      result = await attempt;
    } finally {
      running = null;
    }
    if (stopped) return result;
    const at = new Date().toISOString();
    if (result.status === 200) {
      const report = /** @type {TrainingReport} */ (/** @type {unknown} */ (result.body));
      log(`train (${trigger}): k=${report.k} on ${report.vectors.used} vectors in ${report.durationMs} ms, `
        + `ids kept [${report.ids.kept.join(',')}] new [${report.ids.new.join(',')}] → model ${report.version}`);
    } else {
      state.lastError = { at, trigger, status: result.status, error: String(result.body.error) };
      log(`train (${trigger}): ${result.status} ${result.body.error}`);
    }
    await writeAtomically(stateFile, formatJson(state)).catch((error) => console.error('seglet server: cannot save training.json:', error));
    return result;
  }

  const newVectors = () => Math.max(0, store.vectorBatches() - state.vectorBatchesAtLastRun);

  /** One scheduled check: train when enough new vectors arrived, else note why not. */
  async function tick() {
    const at = new Date().toISOString();
    const fresh = newVectors();
    if (running) lastCheck = { at, ran: false, reason: 'a training run was already in progress' };
    else if (fresh < minNewVectors) lastCheck = { at, ran: false, reason: `${fresh} new vector${fresh === 1 ? '' : 's'} since the last run, fewer than ${minNewVectors}` };
    else {
      lastCheck = { at, ran: true, reason: `${fresh} new vectors since the last run` };
      const result = await run('schedule');
      if (result.status !== 200) lastCheck = { at, ran: true, reason: `run failed: ${result.body.error}` };
    }
  }

  const timer = options.retrainEvery === undefined ? null : setInterval(() => void tick(), options.retrainEvery);
  timer?.unref();

  return {
    run,
    modelFile,
    status: () => ({
      running: running !== null,
      last: state.last,
      lastError: state.lastError,
      newVectors: newVectors(),
      schedule: options.retrainEvery === undefined ? null : { every: options.retrainEvery, minNewVectors, lastCheck },
    }),
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await worker?.terminate();
      await running;
    },
  };
}
