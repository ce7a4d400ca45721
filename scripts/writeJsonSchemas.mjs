// Build step: writes the JSON Schemas of the network formats (sync batch, forget request, model, rule) to
// dist/schema/, from the zod schemas in the freshly built dist/schema.mjs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { toJsonSchemas } from '../dist/schema.mjs';

const dir = new URL('../dist/schema/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const [name, schema] of Object.entries(toJsonSchemas())) {
  writeFileSync(new URL(`${name}.json`, dir), `${JSON.stringify(schema, null, 2)}\n`);
}
