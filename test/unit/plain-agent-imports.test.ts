// The plain agent (test/support/plain-agent/) stands for a stranger's implementation: it may use
// NATS's and viem's packages and Node's own modules, never the SDK or any other Concord code.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const dir = path.resolve(import.meta.dirname, "../support/plain-agent");
const ALLOWED = /^(node:.+|@nats-io\/transport-node|@nats-io\/jetstream|viem|viem\/accounts|\.\/[\w-]+\.ts)$/;

describe("the plain agent", () => {
  it("imports only node:*, @nats-io/transport-node, @nats-io/jetstream, viem and its own files", () => {
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
    assert.ok(files.length >= 4);
    for (const file of files) {
      const text = readFileSync(path.join(dir, file), "utf8");
      const specifiers = [...text.matchAll(/(?:import|export)[^"']*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? m[2]!);
      assert.ok(specifiers.length > 0, `${file} imports nothing?`);
      for (const specifier of specifiers) assert.match(specifier, ALLOWED, `${file} imports ${specifier}`);
    }
  });
});
