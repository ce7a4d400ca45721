// Builds the single-page app example into examples/spa/dist/, served at /spa/ by the reference server.
// `npm run build` runs it after the package's own build: the app imports `seglet` as any user of the
// package would, resolved through package.json `exports` (here the package's self-reference) to dist/.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));

/** seglet's files loaded by URL: the worker, the debug overlay, and any other `seglet.<name>.js` it ships. */
const LOADED_BY_URL = /^seglet\.[\w-]+\.js$/;

/**
 * seglet finds its worker with `new URL('./seglet.worker.js', import.meta.url)`, its debug overlay and what else
 * it loads on demand the same way. Rollup leaves those expressions as they are, so `import.meta.url` is the
 * bundle's own URL: the files go next to the bundle. (Vite, webpack 5 and Parcel copy them without help; see
 * README "Use it from npm", which shows these lines.)
 */
function segletFiles() {
  return {
    name: 'seglet-files',
    async generateBundle() {
      const worker = await this.resolve('seglet/seglet.worker.js', here('./src/main.ts'));
      if (!worker) this.error('cannot resolve seglet/seglet.worker.js: is the package built (npm run build)?');
      const dist = path.dirname(worker.id);
      for (const fileName of (await readdir(dist)).filter((name) => LOADED_BY_URL.test(name))) {
        this.emitFile({ type: 'asset', fileName, source: await readFile(path.join(dist, fileName)) });
      }
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
    segletFiles(),
    indexHtml(),
  ],
};
