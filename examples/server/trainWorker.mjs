/**
 * Runs `train()` (train/train.mjs) off the main thread, so the server keeps answering while k-means runs
 * (100,000 vectors take a few seconds). Started by training.mjs with the vectors (transferred, not copied)
 * and the options; posts back `{ model, report }` or `{ error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { train } from '../../train/train.mjs';

const { data, options } = /** @type {{ data: Float64Array, options: import('../../train/train.mjs').TrainOptions }} */ (workerData);
try {
  parentPort?.postMessage({ ok: true, ...train(data, options) });
} catch (error) {
  const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
  parentPort?.postMessage({ ok: false, name, message });
}
