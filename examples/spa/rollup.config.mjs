// Builds the single-page app example into examples/spa/dist/, served at /spa/ by the reference server.
// `npm run build` runs it after the package's own build: the app imports `seglet` as any user of the
// package would, resolved through package.json `exports` (here the package's self-reference) to dist/.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));

/**
 * seglet finds its worker with `new URL('./seglet.worker.js', import.meta.url)`. Rollup leaves that
 * expression as it is, so `import.meta.url` is the bundle's own URL: the worker goes next to the bundle.
 * (Vite, webpack 5 and Parcel copy it without help; see README "Use it from npm".)
 */
function segletWorker() {
  return {
    name: 'seglet-worker',
    async generateBundle() {
      const worker = await this.resolve('seglet/seglet.worker.js', here('./src/main.ts'));
      if (!worker) this.error('cannot resolve seglet/seglet.worker.js: is the package built (npm run build)?');
      this.emitFile({ type: 'asset', fileName: 'seglet.worker.js', source: await readFile(worker.id) });
    },
  };
}

/** The page itself; every path under /spa/ that is not a file gets it (see examples/server/serveSpa.mjs). */
function indexHtml() {
  return {
    name: 'index-html',
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'index.html', source: await readFile(here('./index.html')) });
    },
  };
}

export default {
  input: here('./src/main.ts'),
  output: { file: here('./dist/app.js'), format: 'es', sourcemap: true },
  plugins: [
    nodeResolve({ browser: true }),
    // Type errors fail the build: the app is type-checked against the package's published declarations.
    typescript({ tsconfig: here('./tsconfig.json'), noEmitOnError: true }),
    segletWorker(),
    indexHtml(),
  ],
};
