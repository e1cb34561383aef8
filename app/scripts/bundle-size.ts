// Prints the dApp bundle's size after `vite build`: what the first render loads (index.html's
// script and modulepreload links, and its stylesheet) and each chunk loaded on demand, raw and
// gzip (level 9, what a static server would send). Run by `npm run build:app`.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";

const dist = path.resolve(import.meta.dirname, "../dist");
const html = await readFile(path.join(dist, "index.html"), "utf8");
const initial = new Set([...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

type Entry = { file: string; raw: number; gzip: number };
const entries: Entry[] = [];
for (const name of await readdir(path.join(dist, "assets"))) {
  if (!/\.(js|css)$/.test(name)) continue;
  const body = await readFile(path.join(dist, "assets", name));
  entries.push({ file: `assets/${name}`, raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
}
const sum = (list: Entry[], key: "raw" | "gzip") => list.reduce((total, e) => total + e[key], 0);
const atStart = entries.filter((e) => initial.has(e.file));
const onDemand = entries.filter((e) => !initial.has(e.file)).sort((a, b) => b.gzip - a.gzip);
console.log(`dApp bundle: first render loads ${kb(sum(atStart, "gzip"))} gzip (${kb(sum(atStart, "raw"))} raw) in ${atStart.length} files; ` +
  `${onDemand.length} chunks on demand, ${kb(sum(onDemand, "gzip"))} gzip`);
for (const e of onDemand.slice(0, 6)) console.log(`  on demand: ${e.file} ${kb(e.gzip)} gzip`);
