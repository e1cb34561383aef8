// A relayed ballot (schemas.ts relayedBallot) and the relayer's check of it against the session's
// snapshotted signers (relayed-ballot.ts): every refusal names its reason.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { stringToBytes, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  ConcordError, checkRelayedBallot as check, encodeBallotVotes, relayedBallot, roundProposalsHash, signBallot, signPayload,
  type RelayedBallot, viemRecoverSigner,
} from "@concord/agent-sdk/protocol";
import { recoverSigner } from "@concord/agent-sdk/secp256k1";

const h = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hex;
const contract = { chainId: 31337, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address };
const keys = [generatePrivateKey(), generatePrivateKey(), generatePrivateKey()];
const accounts = keys.map((k) => privateKeyToAccount(k));
const session = { sessionId: 7n, signers: accounts.map((a) => a.address) };
const hashes = [h(0x10), h(0x20), h(0x30)];

/** Agent `index`'s ballot over `hashes`, signed (EIP-712) by `signer` and sent (EIP-191) by `sender`. */
async function relayed(index: number, overrides: Partial<RelayedBallot> = {}, signer = accounts[index]!, sender = signer) {
  const votes = encodeBallotVotes(hashes.map((x, i) => (i === index ? 0 : 50)));
  const ballot: RelayedBallot = {
    sessionId: "7", round: 1, phase: "evaluate", agent: `agent${index}`, agentIndex: index,
    proposalHash: hashes[index]!, proposalHashes: hashes, votes, signature: "0x" as Hex, ...overrides,
  };
  const signature = overrides.signature ?? await signBallot(signer, contract, {
    sessionId: 7n, round: ballot.round, proposalHash: ballot.proposalHash, proposalsHash: roundProposalsHash(ballot.proposalHashes), votes: ballot.votes,
  });
  const data = stringToBytes(JSON.stringify({ ...ballot, signature }));
  return { data, header: await signPayload(sender, data) };
}

const refused = (code: string, reason: RegExp) => (e: unknown) => {
  assert.ok(e instanceof ConcordError, String(e));
  assert.equal(e.code, code);
  assert.match(e.message, reason);
  return true;
};

describe("relayedBallot", () => {
  describe("schema", () => {
    const valid = {
      sessionId: "7", round: 1, phase: "evaluate", agent: "ada", proposalHash: h(0x10), proposalHashes: hashes,
      votes: "0x003232", signature: `0x${"11".repeat(65)}`,
    };
    it("accepts a well-formed ballot, with or without its agent index", () => {
      assert.equal(relayedBallot.safeParse(valid).success, true);
      assert.equal(relayedBallot.safeParse({ ...valid, agentIndex: 2 }).success, true);
    });
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["votes of another length than the proposals", { votes: "0x0032" }, /2 votes for 3 proposals/],
      ["proposals out of hash order", { proposalHashes: [h(0x20), h(0x10), h(0x30)] }, /not strictly ascending/],
      ["an own proposal outside the list", { proposalHash: h(0x40) }, /not among proposalHashes/],
      ["a signature that is not 65 bytes", { signature: "0x1234" }, /65-byte signature/],
      ["a session id that is not a positive decimal", { sessionId: "0x7" }, /positive decimal/],
      ["an unknown phase", { phase: "propose" }, /phase/],
    ];
    for (const [what, change, reason] of cases) {
      it(`refuses ${what}, saying why`, () => {
        const parsed = relayedBallot.safeParse({ ...valid, ...change });
        assert.equal(parsed.success, false);
        assert.match(JSON.stringify(parsed.error?.issues), reason);
      });
    }
  });

  // The relayer checks with the WASM recovery, the default is viem's: both must refuse the same.
  for (const [name, recover] of [["viem recovery (default)", viemRecoverSigner], ["WASM recovery (the relayer's)", recoverSigner]] as const) {
    describe(`checkRelayedBallot, ${name}`, () => {
      const checkRelayedBallot = (...args: Parameters<typeof check>) => check(args[0], args[1], args[2], args[3], recover);
      it("accepts a genuine ballot and gives the entry recordRound packs", async () => {
        const { data, header } = await relayed(1);
        const checked = await checkRelayedBallot(data, header, session, contract);
        assert.equal(checked.attestation.agentIndex, 1);
        assert.equal(checked.attestation.proposalHash, hashes[1]);
        assert.equal(checked.proposalsHash, roundProposalsHash(hashes));
        assert.equal(checked.proposalCount, 3);
      });
      it("maps the signer to its agent index when the ballot names none", async () => {
        const { data, header } = await relayed(2, { agentIndex: undefined });
        assert.equal((await checkRelayedBallot(data, header, session, contract)).attestation.agentIndex, 2);
      });
      it("refuses a ballot signed by another key than the agent's snapshotted signer", async () => {
        const stranger = privateKeyToAccount(generatePrivateKey());
        const { data, header } = await relayed(1, {}, stranger);
        await assert.rejects(checkRelayedBallot(data, header, session, contract), refused("INVALID_SIGNATURE", /agent 1's snapshotted signer/));
      });
      it("refuses a ballot that names another agent's index than its signer's", async () => {
        const { data, header } = await relayed(1, { agentIndex: 0 });
        await assert.rejects(checkRelayedBallot(data, header, session, contract), refused("INVALID_SIGNATURE", /agent 0's snapshotted signer/));
      });
      it("refuses an unindexed ballot from a key that is none of the session's", async () => {
        const { data, header } = await relayed(1, { agentIndex: undefined }, privateKeyToAccount(generatePrivateKey()));
        await assert.rejects(checkRelayedBallot(data, header, session, contract), refused("INVALID_SIGNATURE", /none of session 7's signers/));
      });
      it("refuses a genuine ballot forwarded under another sender's message signature", async () => {
        const { data, header } = await relayed(1, {}, accounts[1], accounts[0]);
        await assert.rejects(checkRelayedBallot(data, header, session, contract), refused("INVALID_SIGNATURE", /message sent by/));
      });
      it("refuses votes whose length differs from the proposal count", async () => {
        const { data, header } = await relayed(1, { votes: encodeBallotVotes([0, 50]) });
        await assert.rejects(checkRelayedBallot(data, header, session, contract), refused("INVALID_MESSAGE", /2 votes for 3 proposals/));
      });
      it("refuses a ballot signature that does not recover (r = 0)", async () => {
        const { data, header } = await relayed(1, { signature: `0x${"00".repeat(32)}${"11".repeat(32)}1b` });
        await assert.rejects(checkRelayedBallot(data, header, session, contract), refused("INVALID_SIGNATURE", /the ballot signature does not recover/));
      });
      it("refuses a ballot of another session", async () => {
        const { data, header } = await relayed(1);
        await assert.rejects(checkRelayedBallot(data, header, { ...session, sessionId: 8n }, contract), refused("RELAY_REFUSED", /session 7, not 8/));
      });
      it("refuses a payload that is not JSON", async () => {
        const data = stringToBytes("{not json");
        await assert.rejects(checkRelayedBallot(data, await signPayload(accounts[0]!, data), session, contract), refused("INVALID_MESSAGE", /not JSON/));
      });
    });
  }
});
