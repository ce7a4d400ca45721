import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const terse = (module) =>
  terser({ module, ecma: 2020, compress: { passes: 3, pure_getters: true }, format: { comments: false } });

const ts = (declarations, tsconfig = './tsconfig.json') =>
  typescript({
    tsconfig,
    noEmit: false,
    declaration: declarations,
    declarationDir: declarations ? 'dist/types' : undefined,
    outDir: 'dist',
    include: ['src/**/*.ts', 'workers/**/*.ts'],
  });

export default [
  // npm import: `import { createSeglet } from 'seglet'`; finds the worker next to itself.
  {
    input: 'src/index.ts',
    output: { file: 'dist/seglet.mjs', format: 'es', sourcemap: true, plugins: [terse(true)] },
    plugins: [nodeResolve(), ts(true)],
  },
  // <script src>: sets window.seglet, reads data-* attributes, replays queued commands.
  {
    input: 'src/loader.ts',
    output: { file: 'dist/seglet.js', format: 'iife', sourcemap: true, plugins: [terse(false)] },
    plugins: [nodeResolve(), ts(false)],
  },
  // The debug overlay: a classic script either page bundle adds, from next to itself, only when debug is on.
  {
    input: 'src/debug/seglet.debug.ts',
    output: { file: 'dist/seglet.debug.js', format: 'iife', sourcemap: true, plugins: [terse(false)] },
    plugins: [nodeResolve(), ts(false)],
  },
  // Variant slots' renderer: added to a page only once it has a <template data-seglet-variant>.
  {
    input: 'src/variants/seglet.variants.ts',
    output: { file: 'dist/seglet.variants.js', format: 'iife', sourcemap: true, plugins: [terse(false)] },
    plugins: [nodeResolve(), ts(false)],
  },
  // The site's CMP (TCF, Consent Mode) and dataLayer events: a classic script either page bundle adds, from next
  // to itself, only when `consent: 'tcf' | 'gcm'` or `dataLayer: true` asks for it.
  {
    input: 'src/integrations/seglet.integrations.ts',
    output: { file: 'dist/seglet.integrations.js', format: 'iife', sourcemap: true, plugins: [terse(false)] },
    plugins: [nodeResolve(), ts(false)],
  },
  // The engine for Node tools (trainer, simulator, reference server), readable rather than small.
  {
    input: 'src/engine/index.ts',
    output: { file: 'dist/engine.mjs', format: 'es', sourcemap: true },
    plugins: [nodeResolve(), ts(false)],
  },
  // `seglet/schema`: the zod schemas for servers and tools. zod stays a dependency (one copy with the host's).
  {
    input: 'src/schema.ts',
    external: (id) => id === 'zod' || id.startsWith('zod/'),
    output: { file: 'dist/schema.mjs', format: 'es', sourcemap: true },
    plugins: [nodeResolve(), ts(false)],
  },
  // The engine: a classic worker script that also runs as a main-thread fallback.
  {
    input: 'workers/seglet.worker.ts',
    output: { file: 'dist/seglet.worker.js', format: 'iife', sourcemap: true, plugins: [terse(false)] },
    // Type-checked as worker code: the WebWorker library, no DOM.
    plugins: [nodeResolve({ browser: true }), ts(false, './workers/tsconfig.json')],
  },
];
