import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { deploymentChain, rpcProxyUrl } from "@concord/app/lib/chain.ts";
import { loadDappConfig, readInlineDappConfig, type FetchLike } from "@concord/app/lib/dapp-config.ts";
import { ConcordError, deploymentSchema, MAX_LISTED_TASK_FAMILIES, MAX_TASK_FAMILY_CHARS, taskFamilyName } from "@concord/agent-sdk/protocol";
import { devnetDeployment } from "../support/deployment-fixture.ts";

const deployment = devnetDeployment;
const record = { deployment, natsWebsocket: { url: "ws://127.0.0.1:4223", user: "viewer", pass: "p" } };

/** A fetch that answers every request with `body` (JSON-encoded unless a string) and `status`. */
function answering(body: unknown, status = 200): FetchLike & { calls: { url: string; init?: RequestInit }[] } {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fn = async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return new Response(typeof body === "string" ? body : JSON.stringify(body), { status });
  };
  return Object.assign(fn, { calls });
}

function isConfigError(pattern: RegExp) {
  return (error: unknown) => error instanceof ConcordError && error.code === "CONFIG_INVALID" && pattern.test(error.message);
}

describe("app/lib/dapp-config", () => {
  describe("loadDappConfig", () => {
    it("returns the parsed record", async () => {
      assert.deepEqual(await loadDappConfig(answering(record), "/config.json"), record);
    });
    it("fails with the HTTP status when the record is missing", async () => {
      await assert.rejects(loadDappConfig(answering("not found", 404), "/config.json"), isConfigError(/HTTP 404/));
    });
    it("fails when the body is not JSON", async () => {
      await assert.rejects(loadDappConfig(answering("<html>"), "/config.json"), isConfigError(/not JSON/));
    });
    it("fails naming the invalid field", async () => {
      const bad = { ...record, deployment: { ...deployment, contracts: { ...deployment.contracts, Sessions: "0x123" } } };
      await assert.rejects(loadDappConfig(answering(bad), "/config.json"), isConfigError(/deployment\.contracts\.Sessions/));
    });
    it("keeps a configured explorer, and refuses one that is not an http(s) URL by its field", async () => {
      const withExplorer = { ...record, explorer: { name: "Etherscan", url: "https://sepolia.etherscan.io" } };
      assert.deepEqual(await loadDappConfig(answering(withExplorer), "/config.json"), withExplorer);
      const bad = { ...record, explorer: { name: "x", url: "javascript:alert(1)" } };
      await assert.rejects(loadDappConfig(answering(bad), "/config.json"), isConfigError(/explorer\.url/));
    });
    it("keeps a configured documents URL, and refuses one that is not an http(s) URL by its field", async () => {
      const withDocs = { ...record, docs: { url: "https://github.com/example/concord/blob/main/docs" } };
      assert.deepEqual(await loadDappConfig(answering(withDocs), "/config.json"), withDocs);
      await assert.rejects(loadDappConfig(answering({ ...record, docs: { url: "javascript:alert(1)" } }), "/config.json"), isConfigError(/docs\.url/));
    });
    it("keeps the operator's task family names, and refuses a list taskFamilyName would not take, by its field", async () => {
      const withFamilies = { ...record, taskFamilies: ["arithmetic", "x".repeat(MAX_TASK_FAMILY_CHARS)] };
      assert.deepEqual(await loadDappConfig(answering(withFamilies), "/config.json"), withFamilies);
      const listed = Array.from({ length: MAX_LISTED_TASK_FAMILIES }, (_, i) => `family-${i}`);
      assert.deepEqual((await loadDappConfig(answering({ ...record, taskFamilies: listed }), "/config.json")).taskFamilies, listed);
      for (const name of ["", "x".repeat(MAX_TASK_FAMILY_CHARS + 1)]) {
        assert.equal(taskFamilyName.safeParse(name).success, false, "the same names the session schema refuses");
        await assert.rejects(loadDappConfig(answering({ ...record, taskFamilies: ["arithmetic", name] }), "/config.json"), isConfigError(/taskFamilies\.1/));
      }
      await assert.rejects(loadDappConfig(answering({ ...record, taskFamilies: [...listed, "one-more"] }), "/config.json"), isConfigError(/taskFamilies/));
      await assert.rejects(loadDappConfig(answering({ ...record, taskFamilies: "arithmetic" }), "/config.json"), isConfigError(/taskFamilies/));
    });
    it("fails when the fetch itself fails", async () => {
      const down: FetchLike = async () => {
        throw new TypeError("fetch failed");
      };
      await assert.rejects(loadDappConfig(down, "/config.json"), isConfigError(/could not fetch/));
    });
  });

  describe("readInlineDappConfig", () => {
    it("parses the inlined config and treats a missing element as absent", () => {
      assert.deepEqual(readInlineDappConfig(JSON.stringify(record)), record);
      assert.equal(readInlineDappConfig(null), undefined);
      assert.equal(readInlineDappConfig("  "), undefined);
    });
    it("refuses a websocket URL that is not ws:// or wss://", () => {
      const bad = { ...record, natsWebsocket: { url: "http://x" } };
      assert.throws(() => readInlineDappConfig(JSON.stringify(bad)), isConfigError(/natsWebsocket\.url/));
    });
    it("refuses text that is not JSON", () => {
      assert.throws(() => readInlineDappConfig("{"), isConfigError(/not JSON/));
    });
  });

  describe("deploymentChain", () => {
    it("uses the deployment's chain id and the page origin's /rpc proxy", () => {
      const chain = deploymentChain(deploymentSchema.parse(deployment), "http://127.0.0.1:5173");
      assert.equal(chain.id, 31337);
      assert.deepEqual(chain.rpcUrls.default.http, ["http://127.0.0.1:5173/rpc"]);
      assert.equal(rpcProxyUrl("http://x"), "http://x/rpc");
    });
  });
});
