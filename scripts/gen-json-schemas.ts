// `npm run gen:schemas`: writes docs/schemas/*.schema.json, one JSON Schema per wire message,
// from the zod schemas (scripts/json-schemas/wire-messages.ts). test/unit/json-schemas.test.ts
// fails when the committed files differ from what this writes.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { renderJsonSchemas } from "./json-schemas/wire-messages.ts";

const dir = path.resolve(import.meta.dirname, "../docs/schemas");
mkdirSync(dir, { recursive: true });
const files = renderJsonSchemas();
// A message that was renamed or removed must not leave its old schema behind.
for (const stale of readdirSync(dir).filter((f) => f.endsWith(".schema.json") && !files.has(f))) rmSync(path.join(dir, stale));
for (const [file, text] of files) writeFileSync(path.join(dir, file), text);
console.log(`[gen-json-schemas] wrote ${files.size} schemas to docs/schemas/`);
