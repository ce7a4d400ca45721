/**
 * Everything a bench page talks to, on 127.0.0.1 only: the reference server (seglet's script, worker, model
 * and sync, with the bench model in a fresh data folder), a sink per peer SDK, and the bench site in front,
 * all writing into one traffic log.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../examples/server/index.mjs';
import { startSink } from './startSink.mjs';
import { startSite } from './startSite.mjs';
import { createTrafficLog } from './trafficLog.mjs';

const MODEL = fileURLToPath(new URL('../page-cost/model.json', import.meta.url));

/**
 * @param {import('../page-cost/variants.mjs').Variant[]} variants
 */
export async function startStack(variants) {
  const dataDir = await mkdtemp(join(tmpdir(), 'seglet-bench-'));
  // The reference server serves `<dataDir>/model.json` as its trained model.
  await copyFile(MODEL, join(dataDir, 'model.json'));
  const reference = await startServer({ port: 0, dataDir, quiet: true });
  const traffic = createTrafficLog();
  /** @type {Record<string, { url: string, close(): Promise<void> }>} */
  const sinks = {};
  for (const variant of variants.filter((v) => v.peer)) sinks[variant.name] = await startSink(variant.name, traffic.entries);
  const site = await startSite({
    referenceUrl: reference.url,
    headFor: (name) => variants.find((v) => v.name === name)?.head(sinks[name]?.url ?? ''),
    entries: traffic.entries,
  });
  return {
    site: site.url,
    /** @param {string} name */
    sinkOf: (name) => sinks[name]?.url ?? '',
    traffic,
    async close() {
      await site.close();
      for (const sink of Object.values(sinks)) await sink.close();
      await reference.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
