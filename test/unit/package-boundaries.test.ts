// The layers of the workspace, checked on every import: the SDK's protocol imports nothing else and
// no Node built-in, the app sees only the protocol and the ABIs, nothing MIT imports the BSL
// orchestrator, every package is imported by name through its exports and declared as a dependency.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  boundaryViolations, declaredDependencies, importsOf, sourcesUnder, type PackageRule,
} from "../support/package-boundaries.ts";

const root = path.resolve(import.meta.dirname, "../..");
const SDK_PUBLIC = ["@concord/agent-sdk/protocol", "@concord/agent-sdk/abis"];

const layers: { rule: PackageRule; manifest: string; skip?: string[] }[] = [
  { rule: { dir: "sdk/protocol", reach: ["sdk/protocol", "sdk/abis"], concord: [], node: false }, manifest: "sdk" },
  { rule: { dir: "sdk/abis", concord: [], node: false }, manifest: "sdk" },
  { rule: { dir: "sdk", concord: [], node: true }, manifest: "sdk" },
  { rule: { dir: "deploy", concord: SDK_PUBLIC, node: true }, manifest: "deploy" },
  { rule: { dir: "app/src", concord: SDK_PUBLIC, node: false }, manifest: "app" },
  { rule: { dir: "app", concord: SDK_PUBLIC, node: true }, manifest: "app", skip: ["app/src"] },
  { rule: { dir: "orchestrator", concord: ["@concord/agent-sdk/", "@concord/deploy"], node: true }, manifest: "orchestrator" },
  { rule: { dir: "bench", concord: ["@concord/agent-sdk/", "@concord/deploy", "@concord/orchestrator/"], node: true }, manifest: "bench" },
];

interface Manifest { name: string; license: string; dependencies?: Record<string, string>; exports?: Record<string, unknown> }
const manifest = (dir: string) => JSON.parse(readFileSync(path.join(root, dir, "package.json"), "utf8")) as Manifest;
const workspaces = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { workspaces: string[] }).workspaces;

describe("package boundaries", () => {
  for (const { rule, manifest: pkg, skip } of layers) {
    it(`${rule.dir} imports only what its layer may`, () => {
      const files = sourcesUnder(root, rule.dir, skip);
      assert.ok(files.length > 0, `no sources found under ${rule.dir}`);
      assert.deepEqual(boundaryViolations(rule, files, declaredDependencies(root, pkg)), []);
    });
  }

  it("no MIT package depends on a BSL one, and the packages' dependencies form no cycle", () => {
    const byName = new Map(workspaces.map((dir) => [manifest(dir).name, manifest(dir)] as const));
    const internal = (m: Manifest) => Object.keys(m.dependencies ?? {}).filter((d) => byName.has(d));
    for (const m of byName.values()) {
      if (m.license !== "MIT") continue;
      for (const dep of internal(m)) assert.equal(byName.get(dep)!.license, "MIT", `${m.name} (MIT) depends on ${dep}`);
    }
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string, trail: string[]) => {
      assert.ok(!visiting.has(name), `dependency cycle: ${[...trail, name].join(" -> ")}`);
      if (done.has(name)) return;
      visiting.add(name);
      for (const dep of internal(byName.get(name)!)) visit(dep, [...trail, name]);
      visiting.delete(name);
      done.add(name);
    };
    for (const name of byName.keys()) visit(name, []);
  });

  it("the SDK exports its protocol, ABIs, chain actions, agent, providers and the WASM secp256k1 module", () => {
    assert.deepEqual(Object.keys(manifest("sdk").exports ?? {}).sort(), ["./abis", "./agent", "./chain", "./protocol", "./providers", "./secp256k1"]);
  });

  it("the protocol index never reaches the WASM secp256k1 module, which the dApp cannot bundle", () => {
    const seen = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of importsOf(readFileSync(path.join(root, file), "utf8"))) {
        assert.notEqual(spec, "tiny-secp256k1", `${file} imports tiny-secp256k1`);
        if (spec.startsWith(".")) walk(path.relative(root, path.resolve(root, path.dirname(file), spec)));
      }
    };
    walk("sdk/protocol/index.ts");
    assert.ok(!seen.has("sdk/protocol/secp256k1.ts") && seen.size > 10);
  });
});

describe("the boundary check itself", () => {
  const protocol: PackageRule = { dir: "sdk/protocol", reach: ["sdk/protocol", "sdk/abis"], concord: [], node: false };
  const app: PackageRule = { dir: "app/src", concord: SDK_PUBLIC, node: false };
  const deps = new Set(["viem", "zod", "@concord/agent-sdk"]);

  it("reads static, re-exported, dynamic and side-effect imports", () => {
    const text = `import { a } from "x";\nimport type { B } from 'y';\nexport * from "./z.ts";\nconst m = await import("w");\nimport "side";\n`;
    assert.deepEqual(importsOf(text), ["x", "y", "./z.ts", "w", "side"]);
  });
  it("refuses a relative import out of the package", () => {
    const found = boundaryViolations(protocol, [{ file: "sdk/protocol/a.ts", text: `import { x } from "../agent/run-agent.ts";` }], deps);
    assert.match(found.join(), /leaves sdk\/protocol, sdk\/abis/);
  });
  it("refuses a Node built-in in the protocol", () => {
    const found = boundaryViolations(protocol, [{ file: "sdk/protocol/a.ts", text: `import { createHash } from "node:crypto";` }], deps);
    assert.match(found.join(), /node:crypto is a Node built-in/);
  });
  it("refuses the orchestrator or the SDK's agent in the app", () => {
    const found = boundaryViolations(app, [
      { file: "app/src/a.ts", text: `import { x } from "@concord/orchestrator/rounds/run-round.ts";` },
      { file: "app/src/b.ts", text: `import { runAgent } from "@concord/agent-sdk/agent";` },
    ], deps);
    assert.equal(found.length, 2, found.join("\n"));
  });
  it("refuses a package that is not declared", () => {
    const found = boundaryViolations(app, [{ file: "app/src/a.ts", text: `import YAML from "yaml";` }], deps);
    assert.match(found.join(), /yaml is not a declared dependency/);
  });
  it("accepts what the layer may import", () => {
    const found = boundaryViolations(app, [{ file: "app/src/a.ts", text: `import { subjects } from "@concord/agent-sdk/protocol";\nimport { z } from "zod";\nimport { b } from "./b.ts";` }], deps);
    assert.deepEqual(found, []);
  });
});
