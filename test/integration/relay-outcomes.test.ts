// What a relayer reports for each round, on real parts (nats-server with per-agent users, a
// hardhat node): ballots signed with the agents' keys and published as their SDK does, against a
// chain that already holds the round (partial or complete), refuses it, or lacks the round before;
// and `concord relay` as a user runs it.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { keccak256, parseEther, stringToBytes, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { startRelayer, type Relayer } from "@concord/agent-sdk/agent";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import {
  ConcordError, fullRoundAttestations, getRoundRecordedLogs, sortedProposalOrder, unpackRoundOutcome,
} from "@concord/agent-sdk/protocol";
import { ROLES, startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { createSession, readRoundTerms, recordRound } from "@concord/orchestrator/chain/actions/index.ts";
import { devnetRecordOf, writeDevnetRecord } from "@concord/orchestrator/devnet/devnet-record.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { publishRelayed, signedBallot } from "../support/relay-ballots.ts";
import { runConcord, startConcord } from "../support/concord-cli.ts";

describe("a relayer on a live devnet", () => {
  let stack: LocalStack;
  const agentKeys: Hex[] = [generatePrivateKey(), generatePrivateKey(), generatePrivateKey()];
  const contract = () => ({ chainId: stack.deployment.chainId, address: stack.deployment.contracts.Sessions });

  before(async () => {
    stack = await startLocalStack({ agentKeys });
  });
  after(async () => {
    await stack?.stop();
  });

  describe("what it reports for a round", () => {
    const hashesOf = (round: number) => [1, 2, 3].map((n) => keccak256(stringToBytes(`round ${round} proposal ${n}`)));
    const relayers: Relayer[] = [];
    let created = 0;
    after(async () => {
      await Promise.all(relayers.map((r) => r.stop()));
    });

    async function session(maxRounds = 1, absenceGrace = 0, retryMs = 60_000) {
      const { sessionId } = await createSession(stack.chain, {
        wallet: stack.submitter, taskHash: keccak256(stringToBytes(`relay outcomes ${++created}`)),
        agentIds: stack.panel.map((a) => a.agentId), orchestrator: stack.orchestrator.account.address, maxRounds, bounty: parseEther("1"),
        absenceGrace,
      });
      const relayer = await startRelayer({
        nats: { servers: stack.nats.url, auth: stack.natsUsers!.relayer }, sessionId, sessions: contract(),
        chain: { rpcUrl: stack.evm.rpcUrl, account: devnetAccount(ROLES.relayer), fromBlock: BigInt(stack.deployment.deployedAtBlock) },
        // By default a waiting round must be picked up when the round before it lands, not by the timer.
        retryMs,
      });
      relayers.push(relayer);
      await relayer.ready;
      return { sessionId, relayer };
    }

    const ballot = (sessionId: bigint, round: number, agent: number, present: Hex[], sortedVotes?: number[]) =>
      signedBallot(contract(), privateKeyToAccount(agentKeys[agent]!), sessionId, round, agent, present, sortedVotes);

    /** The orchestrator records round 1 with agents 0 and 1 only (agent 2 declared absent). */
    async function recordWithoutAgent2(sessionId: bigint) {
      const present = hashesOf(1).slice(0, 2);
      const attestations = await Promise.all([0, 1].map((agent) => ballot(sessionId, 1, agent, present)));
      await recordRound(stack.chain, {
        wallet: stack.orchestrator, sessionId, round: 1, attestations, absentSigners: [stack.panel[2]!.signer],
        roundTerms: await readRoundTerms(stack.chain, { sessionId }),
      });
    }

    /** Publishes every agent's ballot of `round` on its relay subject, as the agents' SDK does. */
    async function relayAll(sessionId: bigint, round: number, votesOf: (agent: number) => number[] | undefined = () => undefined) {
      for (const [agent, name] of stack.panel.map((a) => a.name).entries()) {
        const b = await ballot(sessionId, round, agent, hashesOf(round), votesOf(agent));
        await publishRelayed(stack.nc, name, {
          sessionId: String(sessionId), round, phase: "evaluate", proposalHash: b.proposalHash, proposalHashes: b.sorted, votes: b.votes, signature: b.signature,
        }, b.account);
      }
    }

    it("refuses to relay a session that is not on chain", async () => {
      await assert.rejects(startRelayer({
        nats: { servers: stack.nats.url, auth: stack.natsUsers!.relayer }, sessionId: 10_000n, sessions: contract(),
        chain: { rpcUrl: stack.evm.rpcUrl, account: devnetAccount(ROLES.relayer) },
      }), (e: unknown) => e instanceof ConcordError && e.code === "SESSION_NOT_FOUND");
    });

    it("replaces a round the orchestrator recorded with an absent agent by the complete one, within the session's absence grace", { timeout: 20_000 }, async () => {
      const { sessionId, relayer } = await session(1, 600);
      await recordWithoutAgent2(sessionId);
      await relayAll(sessionId, 1);
      const result = await relayer.settled(1);
      assert.equal(result.status, "recorded", JSON.stringify(result));
      assert.ok(result.status === "recorded" && result.replaced, JSON.stringify(result));
      // The standing event of round 1 has every agent present.
      const [standing] = await getRoundRecordedLogs(stack.clients.publicClient, {
        address: stack.deployment.contracts.Sessions, sessionId, round: 1, fromBlock: BigInt(stack.deployment.deployedAtBlock),
      });
      assert.equal(unpackRoundOutcome(standing!.outcome, 3).present, 7n);
    });

    it("reports a round the orchestrator recorded with an absent agent as kept partial when the session allows no dispute (RoundAlreadyRecorded)", { timeout: 20_000 }, async () => {
      const { sessionId, relayer } = await session();
      await recordWithoutAgent2(sessionId);
      await relayAll(sessionId, 1);
      const result = await relayer.settled(1);
      assert.equal(result.status, "partial-kept", JSON.stringify(result));
      assert.ok(result.status === "partial-kept");
      assert.equal(result.revert, "RoundAlreadyRecorded");
      assert.deepEqual(result.absent, [2]);
    });

    it("reports a round already recorded complete as done, without sending it again", { timeout: 20_000 }, async () => {
      const { sessionId, relayer } = await session();
      const hashes = hashesOf(1);
      const signed = await Promise.all([0, 1, 2].map((agent) => ballot(sessionId, 1, agent, hashes)));
      const recorded = await recordRound(stack.chain, {
        wallet: stack.orchestrator, sessionId, round: 1, roundTerms: await readRoundTerms(stack.chain, { sessionId }),
        attestations: fullRoundAttestations(hashes, signed.map((b) => b.votes), signed.map((b) => b.signature)),
      });
      await relayAll(sessionId, 1);
      assert.deepEqual(await relayer.settled(1), { round: 1, status: "already-complete", txHash: recorded.txHash, lostRace: false });
    });

    it("names the contract's error when the chain refuses the round (an overspent ballot)", { timeout: 20_000 }, async () => {
      const { sessionId, relayer } = await session();
      const sorted = sortedProposalOrder(hashesOf(1)).map((i) => hashesOf(1)[i]!);
      // Agent 0 gives 100 and 1 to the others: 10 000 + 1 > 10 000 credits; its signature is genuine.
      let first = true;
      const overspent = sorted.map((h) => (h === hashesOf(1)[0] ? 0 : first ? ((first = false), 100) : 1));
      await relayAll(sessionId, 1, (agent) => (agent === 0 ? overspent : undefined));
      const result = await relayer.settled(1);
      assert.equal(result.status, "failed", JSON.stringify(result));
      assert.ok(result.status === "failed" && result.revert === "VoteBudgetExceeded" && /VoteBudgetExceeded\(0, 10001, 10000\)/.test(result.reason), result.reason);
    });

    it("holds a complete round until the round before it is on chain, then records both in order", { timeout: 20_000 }, async () => {
      const { sessionId, relayer } = await session(2);
      await relayAll(sessionId, 2);
      await relayAll(sessionId, 1);
      const [one, two] = await Promise.all([relayer.settled(1), relayer.settled(2)]);
      assert.equal(one.status, "recorded", JSON.stringify(one));
      assert.equal(two.status, "recorded", JSON.stringify(two));
      const events = await getRoundRecordedLogs(stack.clients.publicClient, {
        address: stack.deployment.contracts.Sessions, sessionId, fromBlock: BigInt(stack.deployment.deployedAtBlock),
      });
      assert.deepEqual(events.map((e) => [e.round, unpackRoundOutcome(e.outcome, 3).present]), [[1, 7n], [2, 7n]]);
    });

    it("holds a complete round while the partial round before it is open to dispute, then records it", { timeout: 20_000 }, async () => {
      const { sessionId, relayer } = await session(2, 2, 250);
      await recordWithoutAgent2(sessionId);
      const until = await stack.clients.publicClient.readContract({
        address: stack.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "disputableUntil", args: [sessionId],
      });
      assert.ok(until > 0n, "round 1 is open to dispute");
      await relayAll(sessionId, 2);
      const two = await relayer.settled(2);
      assert.equal(two.status, "recorded", JSON.stringify(two));
      const events = await getRoundRecordedLogs(stack.clients.publicClient, {
        address: stack.deployment.contracts.Sessions, sessionId, fromBlock: BigInt(stack.deployment.deployedAtBlock),
      });
      assert.deepEqual(events.map((e) => [e.round, unpackRoundOutcome(e.outcome, 3).present]), [[1, 3n], [2, 7n]]);
      const block = await stack.clients.publicClient.getBlock({ blockHash: (await stack.clients.publicClient.getTransactionReceipt({ hash: events[1]!.txHash })).blockHash });
      assert.ok(block.timestamp > until, `round 2 landed at ${block.timestamp}, after the window closed at ${until}`);
    });

    it("concord relay: the relayer NATS user and devnet account from the stack's record, one line per round", { timeout: 30_000 }, async () => {
      const dir = await mkdtemp(path.join(tmpdir(), "concord-relay-"));
      const record = path.join(dir, "devnet.json");
      await writeDevnetRecord(record, devnetRecordOf(stack, "relay test"));
      const { sessionId } = await createSession(stack.chain, {
        wallet: stack.submitter, taskHash: keccak256(stringToBytes("relayed from the command line")),
        agentIds: stack.panel.map((a) => a.agentId), orchestrator: stack.orchestrator.account.address, maxRounds: 1, bounty: parseEther("1"),
      });
      const relay = startConcord(["relay", "--session", String(sessionId), "--exit-after", "1", "--record", record]);
      try {
        await relay.waitFor(new RegExp(`^relaying session ${sessionId} from ${devnetAccount(ROLES.relayer).address}`));
        await relayAll(sessionId, 1);
        const line = await relay.waitFor(/^round 1: /);
        assert.match(line, /^round 1: recorded complete \(tx 0x[0-9a-f]{64}\)$/);
        assert.equal(await relay.stop(), 0);
        const [event] = await getRoundRecordedLogs(stack.clients.publicClient, {
          address: stack.deployment.contracts.Sessions, sessionId, fromBlock: BigInt(stack.deployment.deployedAtBlock),
        });
        assert.equal(line.match(/0x[0-9a-f]{64}/)![0], event!.txHash);
      } finally {
        await relay.stop();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  it("concord agent reads relayKeyEnv, and names it when its variable is unset", { timeout: 30_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "concord-relay-agent-"));
    try {
      const config = path.join(dir, "agent.json");
      await writeFile(config, JSON.stringify({ name: "ada", provider: { kind: "simulated", skill: 0.9 }, keyEnv: "AGENT_KEY", relayKeyEnv: "UNSET_RELAY_KEY" }));
      const { code, out } = await runConcord(["agent", "--config", config], { AGENT_KEY: generatePrivateKey(), UNSET_RELAY_KEY: "" });
      assert.equal(code, 2, out);
      assert.match(out, /relayKeyEnv: environment variable UNSET_RELAY_KEY is not set/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
