import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { getAddress, hashTypedData, zeroAddress, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { AGENT_KEY_TYPE_STRING, MAX_SPLIT_RECIPIENTS } from "@concord/agent-sdk/protocol";
import { bpsToPercent, checkSplitRows, percentToBps, sameSplit, splitRevert, splitRows, type SplitRow } from "@concord/app/lib/split-form.ts";
import { agentMetadataURI, checkAgentDetails, nextMetadataURI, readAgentMetadata } from "@concord/app/lib/agent-metadata.ts";
import { metadataName } from "@concord/app/lib/agent-identity.ts";
import {
  agentKeyTypedData, agentKeyTypedDataJson, checkSignerSource, parsePrivateKey, proofSigner, signerKeyFile, signerOf, signerProof,
} from "@concord/app/lib/agent-key-proof.ts";

const low = "0x1000000000000000000000000000000000000001" as Address;
const mid = "0x5000000000000000000000000000000000000005" as Address;
const high = "0xF000000000000000000000000000000000000000" as Address;
const registry = { chainId: 31337, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address };
const operator = getAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");

describe("app/lib/split-form", () => {
  describe("splitRevert (RoyaltySplit.validate, case by case)", () => {
    it("accepts ascending recipients with non-zero shares summing to 10 000", () => {
      assert.equal(splitRevert({ recipients: [low, mid, high], bps: [2000, 3000, 5000] }), undefined);
      assert.equal(splitRevert({ recipients: [low], bps: [10_000] }), undefined);
    });
    it("reverts SplitRecipientCount for no recipient and for more than 8", () => {
      assert.deepEqual(splitRevert({ recipients: [], bps: [] }), { name: "SplitRecipientCount", args: [0, MAX_SPLIT_RECIPIENTS] });
      const nine = Array.from({ length: 9 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, "0")}` as Address);
      assert.deepEqual(splitRevert({ recipients: nine, bps: nine.map(() => 1) }), { name: "SplitRecipientCount", args: [9, 8] });
    });
    it("reverts SplitLengthMismatch when bps and recipients differ in length", () => {
      assert.deepEqual(splitRevert({ recipients: [low, high], bps: [10_000] }), { name: "SplitLengthMismatch", args: [2, 1] });
    });
    it("reverts SplitRecipientOrder for the zero address, a repeat and a descent, at the offending index", () => {
      assert.deepEqual(splitRevert({ recipients: [zeroAddress, high], bps: [5000, 5000] }), { name: "SplitRecipientOrder", args: [0, zeroAddress] });
      assert.deepEqual(splitRevert({ recipients: [low, low], bps: [5000, 5000] }), { name: "SplitRecipientOrder", args: [1, low] });
      assert.deepEqual(splitRevert({ recipients: [high, low], bps: [5000, 5000] }), { name: "SplitRecipientOrder", args: [1, low] });
    });
    it("reverts SplitZeroShare before looking at the total, and checks order first within a row", () => {
      assert.deepEqual(splitRevert({ recipients: [low, high], bps: [0, 10_000] }), { name: "SplitZeroShare", args: [0] });
      assert.deepEqual(splitRevert({ recipients: [low, low], bps: [10_000, 0] }), { name: "SplitRecipientOrder", args: [1, low] });
    });
    it("reverts SplitTotal with the sum when it is not 10 000", () => {
      assert.deepEqual(splitRevert({ recipients: [low, high], bps: [5000, 4999] }), { name: "SplitTotal", args: [9999] });
    });
  });

  describe("percentToBps / bpsToPercent", () => {
    it("reads percentages with up to two decimals as basis points, and back", () => {
      assert.equal(percentToBps("62.5"), 6250);
      assert.equal(percentToBps(" 0.01 "), 1);
      assert.equal(percentToBps("100"), 10_000);
      assert.equal(percentToBps("1.234"), undefined);
      assert.equal(percentToBps("-5"), undefined);
      assert.equal(percentToBps("abc"), undefined);
      assert.equal(bpsToPercent(6250), "62.5");
      assert.equal(bpsToPercent(6205), "62.05");
      assert.equal(bpsToPercent(10_000), "100");
    });
  });

  describe("checkSplitRows", () => {
    const row = (recipient: string, percent: string): SplitRow => ({ recipient, percent });
    it("returns the split sorted ascending with its shares, whatever order the rows are in", () => {
      const result = checkSplitRows([row(high.toLowerCase(), "70"), row(low, "30")]);
      assert.ok(result.ok);
      assert.deepEqual(result.split, { recipients: [getAddress(low), getAddress(high)], bps: [3000, 7000] });
      assert.equal(splitRevert(result.split), undefined);
    });
    it("puts each problem by its field, with the contract error it stands for", () => {
      const result = checkSplitRows([row("", "50"), row("0x12", "0"), row(zeroAddress, "1.234"), row(low, "10"), row(low.toLowerCase(), "101")]);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.match(result.rows[0]!.recipient!, /Enter/);
      assert.match(result.rows[1]!.recipient!, /Not an address/);
      assert.match(result.rows[1]!.percent!, /SplitZeroShare/);
      assert.match(result.rows[2]!.recipient!, /zero address.*SplitRecipientOrder/);
      assert.match(result.rows[2]!.percent!, /two decimals/);
      assert.deepEqual(result.rows[3], {});
      assert.match(result.rows[4]!.recipient!, /row 4.*SplitRecipientOrder/);
      assert.match(result.rows[4]!.percent!, /at most 100/);
    });
    it("says what the shares add up to when it is not 100 % (SplitTotal)", () => {
      const result = checkSplitRows([row(low, "60"), row(high, "30")]);
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.error, "The shares add up to 90 %, not 100 % (SplitTotal).");
      assert.equal(result.totalBps, 9000);
    });
    it("refuses no row and more than 8 rows (SplitRecipientCount)", () => {
      assert.match((checkSplitRows([]) as { error: string }).error, /SplitRecipientCount/);
      const nine = Array.from({ length: 9 }, (_, i) => row(`0x${(i + 1).toString(16).padStart(40, "0")}`, i === 0 ? "92" : "1"));
      assert.match((checkSplitRows(nine) as { error: string }).error, /1 to 8 recipients, not 9/);
    });
    it("round-trips an existing split through the editor's rows", () => {
      const split = { recipients: [low, high], bps: [3333, 6667] };
      const result = checkSplitRows(splitRows(split));
      assert.ok(result.ok && sameSplit(result.split, split));
      assert.equal(sameSplit(split, { recipients: [low, high], bps: [3334, 6666] }), false);
    });
  });
});

describe("app/lib/agent-metadata", () => {
  it("encodes the name as a data: URI the dApp reads names from", () => {
    const uri = agentMetadataURI({ name: "  Ada & Co. ✓ ", description: "50% maths" });
    assert.match(uri, /^data:application\/json;charset=utf-8,/);
    assert.equal(metadataName(uri), "Ada & Co. ✓");
    assert.deepEqual(readAgentMetadata(uri), { name: "Ada & Co. ✓", description: "50% maths" });
    assert.deepEqual(readAgentMetadata(agentMetadataURI({ name: "x", description: " " })), { name: "x" });
    assert.equal(readAgentMetadata("ipfs://abc"), undefined);
  });
  it("asks for a name and a model id (EmptyModelId), within bounds", () => {
    assert.deepEqual(checkAgentDetails({ name: "ada", modelId: "simulated/echo", description: "" }), {});
    const errors = checkAgentDetails({ name: " ", modelId: "  ", description: "" });
    assert.match(errors.name!, /Enter a name/);
    assert.match(errors.modelId!, /EmptyModelId/);
    assert.match(checkAgentDetails({ name: "x".repeat(65), modelId: "m", description: "" }).name!, /64/);
  });
  it("keeps an external metadata document on update unless its name or description was edited", () => {
    const shown = { name: "bram", description: "" };
    assert.equal(nextMetadataURI("ipfs://bafy-agent", shown, { name: "bram", description: "" }), "ipfs://bafy-agent");
    assert.equal(nextMetadataURI("ipfs://bafy-agent", shown, { name: " bram ", description: " " }), "ipfs://bafy-agent", "spaces are not edits");
    assert.equal(nextMetadataURI("ipfs://bafy-agent", shown, { name: "Bram II", description: "" }), agentMetadataURI({ name: "Bram II" }));
    assert.equal(nextMetadataURI("https://x.test/a.json", shown, { name: "bram", description: "now with notes" }), agentMetadataURI({ name: "bram", description: "now with notes" }));
    // Inline JSON (the dApp's own form) and an empty URI are always written from the fields.
    const inline = agentMetadataURI({ name: "ada" });
    assert.equal(nextMetadataURI(inline, { name: "ada", description: "" }, { name: "ada", description: "" }), inline);
    assert.equal(nextMetadataURI("", { name: "", description: "" }, { name: "", description: "" }), agentMetadataURI({ name: "" }));
  });
});

describe("app/lib/agent-key-proof", () => {
  const key = generatePrivateKey();
  const signer = privateKeyToAccount(key).address;
  const binding = { operator, modelId: "simulated/echo" };

  it("declares the AgentKey typed data the registry's typehash names", () => {
    const typed = agentKeyTypedData(registry, { ...binding, signer });
    assert.equal(`AgentKey(${typed.types.AgentKey.map((f) => `${f.type} ${f.name}`).join(",")})`, AGENT_KEY_TYPE_STRING);
    assert.deepEqual(typed.domain, { name: "Concord AgentRegistry", version: "1", chainId: 31337, verifyingContract: registry.address });
    const json = JSON.parse(agentKeyTypedDataJson(registry, { ...binding, signer }));
    assert.equal(json.primaryType, "AgentKey");
    assert.equal(json.message.signer, signer);
    assert.equal(hashTypedData({ ...typed }), hashTypedData({ domain: json.domain, types: { AgentKey: json.types.AgentKey }, primaryType: "AgentKey", message: json.message }));
  });

  it("reads private keys with or without 0x, and refuses anything else", () => {
    assert.equal(parsePrivateKey(` ${key.slice(2).toUpperCase()} `), key.toLowerCase());
    assert.equal(parsePrivateKey(key), key.toLowerCase());
    assert.equal(parsePrivateKey("0x1234"), undefined);
    assert.equal(parsePrivateKey(`0x${"0".repeat(64)}`), undefined);
    assert.equal(parsePrivateKey(`0x${"f".repeat(64)}`), undefined, "above the curve order");
  });

  it("signs the proof in the page with a generated or pasted key: it recovers to the signer", async () => {
    for (const source of [{ mode: "generate", privateKey: key } as const, { mode: "key", privateKey: key.slice(2) } as const]) {
      const proof = await signerProof(source, registry, binding);
      assert.ok(proof.ok);
      assert.equal(proof.signer, signer);
      assert.equal(await proofSigner(registry, { ...binding, signer }, proof.signature), signer);
    }
  });

  it("binds the proof to the operator and the model id (another one recovers elsewhere)", async () => {
    const proof = await signerProof({ mode: "generate", privateKey: key }, registry, binding);
    assert.ok(proof.ok);
    assert.notEqual(await proofSigner(registry, { ...binding, modelId: "other", signer }, proof.signature), signer);
    assert.notEqual(await proofSigner(registry, { ...binding, operator: signer, signer }, proof.signature), signer);
    assert.notEqual(await proofSigner({ ...registry, chainId: 1 }, { ...binding, signer }, proof.signature), signer);
  });

  it("accepts an address and a signature made elsewhere only when it recovers to that address", async () => {
    const made = await privateKeyToAccount(key).signTypedData(agentKeyTypedData(registry, { ...binding, signer }));
    const good = await signerProof({ mode: "signature", address: signer.toLowerCase(), signature: made }, registry, binding);
    assert.ok(good.ok && good.signer === signer && good.signature === made);
    const other = privateKeyToAccount(generatePrivateKey()).address;
    const bad = await signerProof({ mode: "signature", address: other, signature: made }, registry, binding);
    assert.ok(!bad.ok && /recovers to 0x.*InvalidSignerSignature/.test(bad.errors.signature!));
    const malformed = checkSignerSource({ mode: "signature", address: "nope", signature: "0x1234" });
    assert.ok(!malformed.ok && malformed.errors.address && malformed.errors.signature);
    assert.ok(!checkSignerSource({ mode: "generate", privateKey: undefined }).ok);
  });

  it("saves a generated key as a file naming its address and registry", () => {
    const file = signerKeyFile(key as Hex, { chainId: 31337, registry: registry.address });
    const saved = JSON.parse(file.text);
    assert.equal(saved.address, signerOf(key));
    assert.equal(saved.privateKey, key);
    assert.match(file.name, /^concord-agent-signer-[0-9a-f]{8}\.json$/);
  });
});

describe("the register-agent route", () => {
  it("lives at /agents/new, apart from agent ids, with its own title", async () => {
    const { parseRoute, registerAgentHref } = await import("@concord/app/lib/routes.ts");
    const { pageTitle } = await import("@concord/app/lib/page-title.ts");
    const route = parseRoute(registerAgentHref);
    assert.equal(route.name, "register-agent");
    assert.equal(parseRoute("/agents/new/").name, "register-agent");
    assert.equal(parseRoute("/agents/12").name, "agent");
    assert.equal(pageTitle(route), "Register an agent · Concord");
  });
});
