// @ts-check
import { formatTable } from './formatTable.mjs';
import { MAX_REPORTED_BAD_LINES } from './readVectors.mjs';

/** A p-value under this marks a feature as drifted: 1 %, since several features are tested at once. */
const DRIFT_P = 0.01;

/**
 * @param {(line: string) => void} log
 * @param {import('./readVectors.mjs').VectorFile} file
 */
export function printReading(log, file) {
  const skipped = file.botCount > 0 ? `, ${file.botCount} bot batches skipped` : '';
  log(`read ${file.lines} lines: ${file.count} vectors, ${file.badCount} bad lines${skipped}`);
  for (const { line, reason } of file.bad) log(`line ${line}: ${reason}`);
  if (file.badCount > MAX_REPORTED_BAD_LINES) log(`… and ${file.badCount - MAX_REPORTED_BAD_LINES} more bad lines`);
}

/**
 * Prints what training found: warnings, the inertia curve, the centroids and their ids, drift.
 *
 * @param {(line: string) => void} log
 * @param {import('./train.mjs').TrainReport} report
 * @param {number | undefined} referenceCount the previous model's reference count, for the drift heading
 */
export function printReport(log, report, referenceCount) {
  for (const warning of report.warnings) log(`warning: ${warning}`);
  const curve = report.curve.map((p) => [p.k, p.inertia.toFixed(1), p.silhouette === null ? '-' : p.silhouette.toFixed(3), p.k === report.k ? '← chosen' : '']);
  log(`\n${formatTable(['k', 'inertia', 'silhouette', ''], curve)}\n`);
  const centroids = report.centroids.map((c) => [
    c.id, c.size, c.label, c.previousId === null ? 'new' : `was ${c.previousId}, moved ${/** @type {number} */ (c.distance).toFixed(3)}`,
  ]);
  log(`${formatTable(['id', 'vectors', 'label', 'previous'], centroids)}\n`);
  if (!report.drift) return;
  const drift = Object.entries(report.drift).map(([name, { ks, p }]) => [name, ks.toFixed(3), formatP(p), p < DRIFT_P ? 'drift' : '']);
  log(`drift against the previous reference (n = ${report.count}, m = ${referenceCount}):`);
  log(`${formatTable(['feature', 'ks', 'p', ''], drift)}\n`);
}

/** @param {number} p */
function formatP(p) {
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}
