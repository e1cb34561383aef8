import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { zeroAddress, zeroHash, type Address } from "viem";
import { agentIdentity, identityOf, metadataName } from "@concord/app/lib/agent-identity.ts";
import { agentProfile } from "@concord/app/lib/agent-profile.ts";
import { taskFamilyId } from "@concord/agent-sdk/protocol";
import type { IndexedSession } from "@concord/app/lib/session-index.ts";

const token: Address = "0x00000000000000000000000000000000000000tt".replace("tt", "77") as Address;
function session(id: bigint, over: Partial<IndexedSession>): IndexedSession {
  return {
    id, submitter: zeroAddress, orchestrator: zeroAddress, token: zeroAddress, bounty: 1000n, taskHash: `0x${"0".repeat(64)}`, taskURI: "", taskFamily: zeroHash,
    agentIds: [1n, 2n], minRounds: 1, maxRounds: 3, deadline: 0n, status: "Open", failureClaimed: false, failure: undefined,
    roundsRecorded: 0, leader: null, roundWinners: new Map(), splitHashes: [], payouts: undefined, winnerAgentId: undefined,
    distributed: new Set(), createdAtBlock: 1n, endedAtBlock: undefined, ...over,
  };
}

describe("app/lib/agent-profile", () => {
  const sessions = [
    session(1n, { status: "Settled", roundsRecorded: 2, roundWinners: new Map([[1, 0], [2, 1]]), payouts: [600n, 390n], winnerAgentId: 2n }),
    session(2n, { status: "Settled", agentIds: [2n, 1n], roundsRecorded: 1, roundWinners: new Map([[1, 1]]), payouts: [100n, 800n], winnerAgentId: 1n }),
    session(3n, { status: "Settled", token, payouts: [5n, 5n], winnerAgentId: 2n, roundsRecorded: 1 }),
    session(4n, { agentIds: [2n, 3n] }),
    session(5n, { roundsRecorded: 1, roundWinners: new Map([[1, 0]]), createdAtBlock: 42n }),
  ];
  it("lists the sessions an agent took part in, newest first, with its rounds won, win and payout", () => {
    const profile = agentProfile(1n, sessions);
    assert.deepEqual(profile.sessions.map((s) => s.sessionId), [5n, 3n, 2n, 1n]);
    const [open, , second, first] = profile.sessions;
    assert.deepEqual([open!.won, open!.payout, open!.roundsWon, open!.status, open!.createdAtBlock], [undefined, undefined, 1, "Open", 42n]);
    assert.deepEqual([second!.won, second!.payout, second!.roundsWon], [true, 800n, 1]);
    assert.deepEqual([first!.won, first!.payout, first!.roundsWon], [false, 600n, 1]);
  });
  it("counts its win rate over settled sessions and its earnings per token", () => {
    const profile = agentProfile(1n, sessions);
    assert.deepEqual([profile.settled, profile.won], [3, 1]);
    assert.equal(profile.winRate, 1 / 3);
    assert.deepEqual([...profile.earnings], [[zeroAddress, 1400n], [token.toLowerCase(), 5n]]);
    assert.equal(agentProfile(9n, sessions).winRate, undefined);
    assert.equal(agentProfile(9n, sessions).sessions.length, 0);
  });
  it("lists the task families of its sessions, newest first, once each, none for sessions of no family", () => {
    const [arith, seq] = [taskFamilyId("arith"), taskFamilyId("seq")];
    const named = [session(1n, { taskFamily: arith }), session(2n, { taskFamily: seq }), session(3n, { taskFamily: arith }), session(4n, {}), session(5n, { taskFamily: seq, agentIds: [2n, 3n] })];
    assert.deepEqual(agentProfile(1n, named).families, [arith, seq]);
    assert.deepEqual(agentProfile(3n, named).families, [seq]);
    assert.deepEqual(agentProfile(1n, sessions).families, []);
  });
});

describe("app/lib/agent-identity", () => {
  it("reads a name from registry metadata carried as a data: URI of JSON", () => {
    assert.equal(metadataName(`data:application/json,${encodeURIComponent(JSON.stringify({ name: "ada" }))}`), "ada");
    assert.equal(metadataName(`data:application/json;base64,${btoa(JSON.stringify({ name: "bea" }))}`), "bea");
    assert.equal(metadataName("ipfs://x"), undefined);
    assert.equal(metadataName("data:application/json,{not json"), undefined);
    assert.equal(metadataName(""), undefined);
  });
  it("names an agent by metadata, else its declared name, else by id; pictures it by its signer", () => {
    const signer: Address = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    const metadataURI = `data:application/json,${encodeURIComponent('{"name":"ada"}')}`;
    assert.deepEqual(agentIdentity(1n, { metadataURI, declaredName: "other", signer }), { agentId: 1n, name: "ada", named: true, label: "ada (#1)", avatarSeed: signer });
    assert.equal(agentIdentity(2n, { declaredName: "bea" }).label, "bea (#2)");
    const bare = agentIdentity(3n);
    assert.deepEqual([bare.name, bare.named, bare.label, bare.avatarSeed], ["Agent #3", false, "Agent #3", "agent-3"]);
  });
  it("falls back to a transcript's name while the directory knows none, keeping the signer's picture", () => {
    const signer: Address = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    const directory = new Map([[1n, agentIdentity(1n, { signer })]]);
    const named = identityOf(directory, 1n, "ada");
    assert.deepEqual([named.label, named.avatarSeed], ["ada (#1)", signer]);
    assert.equal(identityOf(directory, 1n).label, "Agent #1");
    assert.equal(identityOf(new Map(), 4n, "dee").label, "dee (#4)");
  });
});

describe("app/lib/address-view", () => {
  it("names the agents an address operates or signs for, and the sessions it submitted, newest first", async () => {
    const { addressRoles } = await import("@concord/app/lib/address-view.ts");
    const me: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    const other: Address = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    const agents = [
      { agentId: 1n, record: { operator: me, signer: other } },
      { agentId: 2n, record: { operator: other, signer: other } },
      { agentId: 3n, record: { operator: me, signer: me.toLowerCase() as Address } },
    ];
    const roles = addressRoles(me, agents, [session(1n, { submitter: me }), session(2n, {}), session(3n, { submitter: me })]);
    assert.deepEqual(roles.agents, [{ agentId: 1n, roles: "operator" }, { agentId: 3n, roles: "operator and signer" }]);
    assert.deepEqual(roles.submitted, [3n, 1n]);
  });
});
