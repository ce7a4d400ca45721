// @ts-check
import { readFile, rename, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { printReading, printReport } from './printReport.mjs';
import { readVectors } from './readVectors.mjs';
import { train } from './train.mjs';

/** More bad lines than this share means the wrong file, not a few corrupt lines: stop instead of guessing. */
const MAX_BAD_SHARE = 0.1;
/** Vector counts from which progress messages are worth printing. */
const PROGRESS_FROM = 10_000;

export const TRAIN_USAGE = `Usage: seglet train <vectors.ndjson> [options]

Trains a segmentation model from feature vectors, one JSON object per line: a sync batch
carrying "features", or a plain object of feature name → number. "-" reads standard input.

Options:
  --k auto|N          clusters; auto (default) tries 2…10 and keeps the best silhouette
  --previous FILE     the model being replaced: keeps centroid ids, carries rules, weights
                      and collectFeatures over, and reports drift against its reference
  --out FILE          write the model here (default: standard output)
  --seed N            random seed (default 1): same data and seed, same model
  --features a,b,c    features to use (default: the previous model's, else the numeric
                      keys of the first valid line)
  -h, --help          show this help

Exit codes: 0 model written, 1 bad input, 2 usage error.`;

/** A command-line mistake: exit code 2. */
export class UsageError extends Error {}
/** Input that cannot make a model: exit code 1. */
export class InputError extends Error {}

/**
 * Runs `seglet train`: reads vectors, trains, reports on stderr, writes the model to `--out` or stdout.
 *
 * @param {string[]} args the arguments after `train`
 * @returns {Promise<void>} rejects with {@link UsageError} or {@link InputError}
 */
export async function trainCommand(args) {
  const options = parseTrainArgs(args);
  if (options.help) return void process.stdout.write(`${TRAIN_USAGE}\n`);
  const log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);
  const previous = options.previous === undefined ? undefined : await readPrevious(options.previous);
  const features = options.features ?? (isStringArray(previous?.features) ? previous.features : undefined);
  const file = await readVectors(options.input === '-' ? process.stdin : options.input, { features, onProgress: log })
    .catch((/** @type {Error} */ error) => Promise.reject(new InputError(`cannot read ${options.input}: ${error.message}`)));
  printReading(log, file);
  checkVectors(file, options.k === 'auto' ? 2 : options.k);
  const { model, report } = train(file.data, {
    features: file.features, k: options.k, previous, seed: options.seed, onProgress: file.count >= PROGRESS_FROM ? log : undefined,
  });
  printReport(log, report, previous?.reference?.count);
  const json = `${formatModel(model)}\n`;
  if (options.out === undefined) return void process.stdout.write(json);
  // Write then rename: a server reading the model file never sees half of it.
  const temporary = `${options.out}.${process.pid}.tmp`;
  await writeFile(temporary, json);
  await rename(temporary, options.out);
  log(`wrote ${options.out}`);
}

/**
 * Pretty JSON with arrays of numbers kept on one line, so a model with 16 features stays readable.
 *
 * @param {object} model
 */
function formatModel(model) {
  return JSON.stringify(model, null, 2).replace(/\[\s+(-?\d[^\[\]{}"]*?)\s+\]/g, (_, inner) => `[${inner.split(/,\s+/).join(', ')}]`);
}

/**
 * @param {string[]} args
 * @returns {{ help: boolean, input: string, k: number | 'auto', previous?: string, out?: string, seed: number, features?: string[] }}
 */
function parseTrainArgs(args) {
  let parsed;
  try {
    parsed = parseArgs({
      args, allowPositionals: true, strict: true,
      options: {
        k: { type: 'string', default: 'auto' }, previous: { type: 'string' }, out: { type: 'string' },
        seed: { type: 'string', default: '1' }, features: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(/** @type {Error} */ (error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true, input: '', k: 'auto', seed: 1 };
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing <vectors.ndjson>' : `unexpected argument "${positionals[1]}"`);
  if (values.k !== 'auto' && !/^[1-9]\d*$/.test(values.k)) throw new UsageError(`--k must be "auto" or a positive integer, got "${values.k}"`);
  if (!/^-?\d+$/.test(values.seed)) throw new UsageError(`--seed must be an integer, got "${values.seed}"`);
  const features = values.features?.split(',').map((name) => name.trim());
  if (features && (features.includes('') || new Set(features).size !== features.length)) {
    throw new UsageError('--features needs distinct, non-empty names separated by commas');
  }
  const k = values.k === 'auto' ? 'auto' : Number(values.k);
  return { help: false, input: positionals[0], k, previous: values.previous, out: values.out, seed: Number(values.seed), features };
}

/**
 * @param {string} path
 * @returns {Promise<Record<string, any>>}
 */
async function readPrevious(path) {
  let value;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InputError(`cannot read the previous model ${path}: ${/** @type {Error} */ (error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(`the previous model ${path} is not a JSON object`);
  return value;
}

/**
 * @param {import('./readVectors.mjs').VectorFile} file
 * @param {number} k the smallest k that will be tried
 */
function checkVectors(file, k) {
  const considered = file.count + file.badCount;
  if (file.badCount > MAX_BAD_SHARE * considered) {
    throw new InputError(`${file.badCount} of ${considered} lines are bad (more than ${MAX_BAD_SHARE * 100} %): is this the right file?`);
  }
  if (file.count < 2 * k) throw new InputError(`need at least ${2 * k} valid vectors for k = ${k}, found ${file.count}`);
}

/**
 * @param {unknown} value
 * @returns {value is string[]}
 */
function isStringArray(value) {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string');
}
