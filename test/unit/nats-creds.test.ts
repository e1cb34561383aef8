// The .creds file `concord agent join` writes and the agent runner reads: the standard layout, as
// nsc and nats-server's tools write it, round-trips, and anything else is refused by name.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createUser } from "@nats-io/nkeys";
import { formatCreds, parseCreds, readCredsFile } from "@concord/agent-sdk/agent";
import { ConcordError } from "@concord/agent-sdk/protocol";

const seed = new TextDecoder().decode(createUser().getSeed());
const jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.eyJzdWIiOiJVIn0.c2lnbmF0dXJl";

describe("NATS .creds files", () => {
  describe("parseCreds", () => {
    it("reads back what formatCreds wrote", () => {
      assert.deepEqual(parseCreds(formatCreds({ jwt, seed })), { jwt, seed });
    });

    it("reads nsc's layout, with five-dash closing lines", () => {
      const nsc = `-----BEGIN NATS USER JWT-----\n${jwt}\n-----END NATS USER JWT-----\n\n-----BEGIN USER NKEY SEED-----\n${seed}\n-----END USER NKEY SEED-----\n`;
      assert.deepEqual(parseCreds(nsc), { jwt, seed });
    });

    it("refuses a file without a user seed", () => {
      assert.equal(parseCreds(`-----BEGIN NATS USER JWT-----\n${jwt}\n------END NATS USER JWT------\n`), undefined);
      assert.equal(parseCreds(formatCreds({ jwt, seed: "SAAAAAAA" })), undefined);
    });
  });

  describe("readCredsFile", () => {
    it("fails with CONFIG_INVALID naming the file, never its content", async () => {
      const dir = await mkdtemp(path.join(tmpdir(), "concord-creds-"));
      try {
        const file = path.join(dir, "bad.creds");
        await writeFile(file, `not creds ${seed}`);
        await assert.rejects(readCredsFile(file), (error: ConcordError) =>
          error.code === "CONFIG_INVALID" && error.message.includes(file) && !error.message.includes(seed));
        await assert.rejects(readCredsFile(path.join(dir, "missing.creds")), (error: ConcordError) => error.code === "CONFIG_INVALID");
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
