// Reads every import of every workspace package and reports the ones that cross a boundary the
// packages do not declare: a relative path out of its package, a package it does not depend on, a
// Node built-in in browser or protocol code, or a Concord subpath its layer may not see.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface PackageRule {
  /** Folder of the package, relative to the root. */
  dir: string;
  /** Folders (relative to the root) its relative imports may reach; the package's own by default. */
  reach?: string[];
  /** `@concord/...` specifiers it may import (exact, or a prefix ending in `/`). */
  concord: string[];
  /** Whether `node:` built-ins may be imported (not in code that runs in a browser). */
  node: boolean;
}

export interface SourceFile {
  /** Path relative to the root. */
  file: string;
  text: string;
}

const SPECIFIER = /(?:^|[\s;])(?:import|export)\s[^"';]*?from\s*["']([^"']+)["']|(?:^|[\s;(])import\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s+["']([^"']+)["']/gm;

export function importsOf(text: string): string[] {
  return [...text.matchAll(SPECIFIER)].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/** Every violation, as `file: what`. */
export function boundaryViolations(rule: PackageRule, files: readonly SourceFile[], dependencies: ReadonlySet<string>): string[] {
  const reach = (rule.reach ?? [rule.dir]).map((d) => d.replace(/\/$/, ""));
  const found: string[] = [];
  for (const { file, text } of files) {
    for (const specifier of importsOf(text)) {
      if (specifier.startsWith(".")) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
        if (!reach.some((d) => target === d || target.startsWith(`${d}/`))) found.push(`${file}: ${specifier} leaves ${reach.join(", ")}`);
      } else if (specifier.startsWith("node:")) {
        if (!rule.node) found.push(`${file}: ${specifier} is a Node built-in in code that must not use one`);
      } else if (specifier.startsWith("@concord/")) {
        const allowed = rule.concord.some((a) => (a.endsWith("/") ? specifier.startsWith(a) : specifier === a));
        if (!allowed) found.push(`${file}: ${specifier} is not one this layer may import`);
        else if (!dependencies.has(packageName(specifier))) found.push(`${file}: ${specifier} is not a declared dependency`);
      } else if (!dependencies.has(packageName(specifier))) {
        found.push(`${file}: ${specifier} is not a declared dependency`);
      }
    }
  }
  return found;
}

/** The TypeScript and JavaScript sources under `dir` (relative to `root`), without builds or installs. */
export function sourcesUnder(root: string, dir: string, skip: readonly string[] = []): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, entry.name);
      // Generated output (a build, a bundle) is not source: what it imports, its sources import.
      if (["node_modules", "dist", "bundle"].includes(entry.name) || skip.includes(child)) continue;
      if (entry.isDirectory()) walk(child);
      else if (/\.(ts|tsx|mts|mjs|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        out.push({ file: child, text: readFileSync(path.join(root, child), "utf8") });
      }
    }
  };
  walk(dir);
  return out;
}

/** A package's dependencies of every kind, by name. */
export function declaredDependencies(root: string, dir: string): Set<string> {
  const manifest = JSON.parse(readFileSync(path.join(root, dir, "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
  return new Set([manifest.dependencies, manifest.devDependencies, manifest.peerDependencies].flatMap((d) => Object.keys(d ?? {})));
}
