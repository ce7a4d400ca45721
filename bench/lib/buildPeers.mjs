/**
 * Bundles each peer SDK the way a site using npm ships it: its entry in `bench/page-cost/peers/` with the
 * package from node_modules, minified, as ES modules whose dynamic imports stay lazy chunks (fetched only if
 * the SDK asks for them at run time, and then counted). Output: `node_modules/.cache/seglet-bench/peers/<name>/`.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';

export const PEERS_DIR = fileURLToPath(new URL('../../node_modules/.cache/seglet-bench/peers/', import.meta.url));
const ENTRIES = fileURLToPath(new URL('../page-cost/peers/', import.meta.url));

/**
 * Builds the named peers (each into its own folder, entry `index.js`); skips a peer whose bundle is newer
 * than its entry and its package.json unless `force`.
 * @param {string[]} names e.g. ['posthog', 'segment']
 * @param {{ force?: boolean, log?: (line: string) => void }} [options]
 */
export async function buildPeers(names, options = {}) {
  const log = options.log ?? (() => {});
  for (const name of names) {
    const entry = `${ENTRIES}${name}.mjs`;
    const outDir = `${PEERS_DIR}${name}/`;
    if (!options.force && (await isFresh(`${outDir}index.js`, [entry, fileURLToPath(new URL('../../package-lock.json', import.meta.url))]))) continue;
    log(`bundling ${name}`);
    await rm(outDir, { recursive: true, force: true });
    await mkdir(outDir, { recursive: true });
    const bundle = await rollup({
      input: { index: entry },
      plugins: [nodeResolve({ browser: true }), commonjs()],
      onwarn: (warning, warn) => (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY' ? undefined : warn(warning)),
    });
    await bundle.write({
      dir: outDir,
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunk-[name]-[hash].js',
      plugins: [terser({ module: true, format: { comments: false } })],
    });
    await bundle.close();
  }
}

/**
 * @param {string} output
 * @param {string[]} inputs
 */
async function isFresh(output, inputs) {
  const built = await stat(output).then((s) => s.mtimeMs, () => 0);
  if (!built) return false;
  for (const input of inputs) if ((await stat(input)).mtimeMs > built) return false;
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildPeers(process.argv.slice(2).length ? process.argv.slice(2) : ['posthog', 'snowplow', 'segment', 'amplitude'], { force: true, log: console.log });
}
