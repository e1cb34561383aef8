// The published package is sdk/dist: the compiled JavaScript and declarations beside a package.json
// whose exports name them. In the workspace the same subpaths point at the TypeScript sources, so
// the orchestrator, the app and the tests use the SDK exactly as a user's project does.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const sdk = path.resolve(import.meta.dirname, "..");
const dist = path.join(sdk, "dist");
const source = JSON.parse(readFileSync(path.join(sdk, "package.json"), "utf8")) as {
  exports: Record<string, string>;
  bin: Record<string, string>;
  scripts?: unknown;
  files?: unknown;
};

const compiled = (file: string) => file.replace(/\.ts$/, ".js");
const published = {
  ...source,
  exports: Object.fromEntries(
    Object.entries(source.exports).map(([subpath, file]) => [subpath, { types: file.replace(/\.ts$/, ".d.ts"), default: compiled(file) }]),
  ),
  bin: Object.fromEntries(Object.entries(source.bin).map(([name, file]) => [name, compiled(file)])),
  scripts: undefined,
  files: undefined,
};
writeFileSync(path.join(dist, "package.json"), `${JSON.stringify(published, null, 2)}\n`);
for (const file of ["LICENSE", "README.md"]) copyFileSync(path.join(sdk, file), path.join(dist, file));
console.log(`[sdk] wrote ${path.relative(process.cwd(), dist)}/package.json (${Object.keys(published.exports).join(", ")})`);
