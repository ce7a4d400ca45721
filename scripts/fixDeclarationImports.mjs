// Build step: gives the declarations' relative imports a file extension. tsc writes them as the sources spell
// them (extensionless, for bundlers), but TypeScript resolving as Node does ("moduleResolution": "node16" or
// "nodenext", as a server importing `seglet/schema` may) refuses an ESM import without one.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../dist/types/', import.meta.url));
/** `from './x'`, `import('./x')`: relative specifiers without an extension. */
const relative = /(\bfrom\s*|\bimport\s*\(\s*)(['"])(\.\.?\/[^'"]*)\2/g;

function withExtension(file, specifier) {
  if (/\.(m?js|json)$/.test(specifier)) return specifier;
  const base = join(dirname(file), specifier);
  if (existsSync(`${base}.d.ts`)) return `${specifier}.js`;
  if (existsSync(join(base, 'index.d.ts'))) return `${specifier}/index.js`;
  throw new Error(`${file}: no declaration for "${specifier}"`);
}

for (const entry of readdirSync(root, { recursive: true })) {
  const file = join(root, entry);
  if (!file.endsWith('.d.ts')) continue;
  const source = readFileSync(file, 'utf8');
  const fixed = source.replace(relative, (_, lead, quote, spec) => `${lead}${quote}${withExtension(file, spec)}${quote}`);
  if (fixed !== source) writeFileSync(file, fixed);
}
