// Relaying on real parts (nats-server with per-agent users, a hardhat node, three agent
// processes): what each NATS user may do with the relay subject, and a round the orchestrator
// never records, recorded complete by a relayer that an agent runs with its own NATS user.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect, headers } from "@nats-io/transport-node";
import { keccak256, parseEther, stringToBytes, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { runAgent, startRelayer, type Relayer, type RelayResult } from "@concord/agent-sdk/agent";
import {
  ConcordError, encodeBallotVotes, encodeMessage, fullRoundAttestations, getRoundRecordedLogs, relayedBallot, roundProposalsHash, SIGNATURE_HEADER,
  signBallot, signPayload, sortedProposalOrder, subjects, unpackRoundOutcome,
} from "@concord/agent-sdk/protocol";
import { generateWordProblem, seededRandom, simulatedAgent } from "@concord/agent-sdk/providers";
import { ROLES, startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { createSession, readRoundTerms, recordRound, registerAgent } from "@concord/orchestrator/chain/actions/index.ts";
import { devnetRecordOf, writeDevnetRecord } from "@concord/orchestrator/devnet/devnet-record.ts";
import { awaitAgentsReady } from "@concord/orchestrator/nats/await-agents.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import type { Wallet } from "@concord/orchestrator/chain/write-contract.ts";
import { runSession } from "@concord/orchestrator/rounds/run-session.ts";
import { refusals } from "../support/nats-refusals.ts";
import { startConcord } from "../support/concord-cli.ts";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("relaying a complete round", () => {
  let stack: LocalStack;
  const agentKeys: Hex[] = [generatePrivateKey(), generatePrivateKey(), generatePrivateKey()];
  const contract = () => ({ chainId: stack.deployment.chainId, address: stack.deployment.contracts.Sessions });

  before(async () => {
    stack = await startLocalStack({ agentKeys });
  });
  after(async () => {
    await stack?.stop();
  });

  describe("NATS permissions", () => {
    it("let an agent read every agent's relayed ballots and relay as itself, but still not read results or tasks", { timeout: 10_000 }, async () => {
      const [ada, bram] = stack.panel.map((a) => a.name) as [string, string];
      const adaNc = await connect({ servers: stack.nats.url, ...stack.natsAuthFor(ada) });
      const bramNc = await connect({ servers: stack.nats.url, ...stack.natsAuthFor(bram) });
      try {
        const expected = [
          `Permissions Violation for Subscription to "${subjects.phaseResults("99", 1, "evaluate")[0]}"`,
          `Permissions Violation for Subscription to "${subjects.phaseResults("99", 1, "propose")[0]}"`,
          `Permissions Violation for Subscription to "${subjects.task("99", bram, "evaluate")}"`,
          `Permissions Violation for Publish to "${subjects.relay("99", 1, bram)}"`,
        ];
        const refused = refusals(adaNc, expected);
        const relayed = adaNc.subscribe(subjects.sessionRelay("99"), { max: 1 });
        adaNc.subscribe(subjects.phaseResults("99", 1, "evaluate")[0]);
        adaNc.subscribe(subjects.phaseResults("99", 1, "propose")[0]);
        adaNc.subscribe(subjects.task("99", bram, "evaluate"));
        await adaNc.flush();
        // A relay ballot forged as bram's never reaches a reader; bram's own does.
        const watched = stack.nc.subscribe(subjects.sessionRelay("99"), { max: 1 });
        await stack.nc.flush();
        adaNc.publish(subjects.relay("99", 1, bram), bytes("forged"));
        await adaNc.flush();
        bramNc.publish(subjects.relay("99", 1, bram), bytes("bram's"));
        for await (const msg of watched) assert.equal(new TextDecoder().decode(msg.data), "bram's");
        for await (const msg of relayed) assert.equal(msg.subject, subjects.relay("99", 1, bram));
        const errors = await refused;
        for (const e of expected) assert.ok(errors.some((x) => x.includes(e)), `${e} not in ${errors.join("\n")}`);
      } finally {
        await adaNc.close();
        await bramNc.close();
      }
    });

    it("let the relayer user read relayed ballots and nothing else, and publish nothing", { timeout: 10_000 }, async () => {
      const relayerNc = await connect({ servers: stack.nats.url, ...stack.natsUsers!.relayer });
      try {
        const expected = [
          `Permissions Violation for Subscription to "nsed.*.result.>"`,
          `Permissions Violation for Subscription to "nsed.*.task.>"`,
          `Permissions Violation for Publish to "${subjects.relay("98", 1, "ada")}"`,
        ];
        const refused = refusals(relayerNc, expected);
        const relayed = relayerNc.subscribe(subjects.sessionRelay("98"), { max: 1 });
        relayerNc.subscribe("nsed.*.result.>");
        relayerNc.subscribe("nsed.*.task.>");
        relayerNc.publish(subjects.relay("98", 1, "ada"), bytes("from the relayer"));
        await relayerNc.flush();
        stack.nc.publish(subjects.relay("98", 1, "ada"), bytes("from ada"));
        for await (const msg of relayed) assert.equal(new TextDecoder().decode(msg.data), "from ada");
        await refused;
      } finally {
        await relayerNc.close();
      }
    });
  });

  describe("a session whose orchestrator never records its round", () => {
    let relayer: Relayer;
    const logs: string[] = [];
    let onLog = () => {};
    const logged = (pattern: RegExp) => new Promise<string>((resolve) => {
      onLog = () => {
        const line = logs.find((l) => pattern.test(l));
        if (line) resolve(line);
      };
      onLog();
    });

    after(async () => {
      await relayer?.stop();
    });

    it("is recorded complete by an agent's relayer, every agent present, a forged ballot dropped", { timeout: 60_000 }, async () => {
      const problem = generateWordProblem(seededRandom("relay"));
      const { sessionId } = await createSession(stack.chain, {
        wallet: stack.submitter, taskHash: keccak256(stringToBytes(problem.text)), agentIds: stack.panel.map((a) => a.agentId),
        orchestrator: stack.orchestrator.account.address, maxRounds: 1, bounty: parseEther("1"),
      });
      // Ada's agent runs the relayer: its own NATS user, a funded account of its own to pay for gas.
      const ada = stack.panel[0]!.name;
      const payer = devnetAccount(ROLES.relayer);
      relayer = await startRelayer({
        nats: { servers: stack.nats.url, auth: stack.natsAuthFor(ada) }, sessionId,
        sessions: { chainId: stack.deployment.chainId, address: stack.deployment.contracts.Sessions },
        chain: { rpcUrl: stack.evm.rpcUrl, account: payer, fromBlock: BigInt(stack.deployment.deployedAtBlock) },
        log: (line) => {
          logs.push(line);
          onLog();
        },
      });
      await relayer.ready;

      // A ballot in ada's name signed by a key that is not ada's: dropped with its reason.
      const dropped = logged(/dropped a ballot: .*snapshotted signer|none of session/);
      const forger = privateKeyToAccount(generatePrivateKey());
      const forged = encodeMessage(relayedBallot, {
        sessionId: String(sessionId), round: 1, phase: "evaluate", agent: ada, agentIndex: 0,
        proposalHash: `0x${"01".repeat(32)}`, proposalHashes: [`0x${"01".repeat(32)}`, `0x${"02".repeat(32)}`, `0x${"03".repeat(32)}`],
        votes: "0x000a0a", signature: await forger.signMessage({ message: "not a ballot" }),
      });
      const h = headers();
      h.set(SIGNATURE_HEADER, await signPayload(forger, forged));
      const adaNc = await connect({ servers: stack.nats.url, ...stack.natsAuthFor(ada) });
      adaNc.publish(subjects.relay(String(sessionId), 1, ada), forged, { headers: h });
      await adaNc.flush();
      await adaNc.close();
      assert.match(await dropped, /INVALID_SIGNATURE/);

      // What an observer sees: the evaluate tasks' deadline, and when each agent's ballot is relayed.
      const deadlines: number[] = [];
      const relayedAt: number[] = [];
      const tasks = stack.nc.subscribe(`nsed.${sessionId}.task.*.evaluate`, { callback: (_, msg) => void deadlines.push(msg.json<{ deadline: number }>().deadline) });
      const ballots = stack.nc.subscribe(subjects.sessionRelay(String(sessionId)), { callback: () => void relayedAt.push(Date.now()) });
      await stack.nc.flush();

      // The orchestrator runs the round, but its recordRound never reaches the chain.
      const withheld = { ...stack.orchestrator, sendRawTransaction: async () => { throw new Error("recording withheld by the test"); } } as Wallet;
      const orchestrated = runSession(
        { nc: stack.nc, chain: stack.chain, orchestrator: withheld },
        { sessionId, task: problem.text, panel: stack.panel, minRounds: 1, maxRounds: 1, effort: 0.6, phaseTimeoutMs: 3_000, roundTerms: await readRoundTerms(stack.chain, { sessionId }) },
      );
      const [result, session] = await Promise.all([relayer.settled(1), orchestrated.then(() => "settled", (e: unknown) => String(e))]);
      assert.equal(result.status, "recorded", JSON.stringify(result));
      assert.match(session, /withheld/, "the orchestrator itself recorded nothing");
      tasks.unsubscribe();
      ballots.unsubscribe();
      // Masking: no ballot was shown while an agent could still be evaluating the round.
      assert.equal(deadlines.length, 3);
      assert.ok(relayedAt.length >= 3 && relayedAt.every((t) => t >= Math.max(...deadlines)), `relayed at ${relayedAt}, deadline ${deadlines}`);

      const events = await getRoundRecordedLogs(stack.clients.publicClient, {
        address: stack.deployment.contracts.Sessions, sessionId, fromBlock: BigInt(stack.deployment.deployedAtBlock),
      });
      assert.equal(events.length, 1);
      assert.equal(unpackRoundOutcome(events[0]!.outcome, stack.panel.length).present, 0b111n, "every agent present");
      const tx = await stack.clients.publicClient.getTransaction({ hash: events[0]!.txHash });
      assert.equal(tx.from.toLowerCase(), payer.address.toLowerCase(), "sent by the relayer's account, not the orchestrator's");
      assert.ok(result.status === "recorded" && result.txHash === events[0]!.txHash && !result.replaced);
    });

    it("is recorded by an agent that opted in with runAgent's relay option", { timeout: 60_000 }, async () => {
      // Two agents run in this process (on the admin NATS user: the stack has users only for its
      // own three); dora relays, paying from an account of its own.
      const names = ["dora", "eli"];
      const payer = devnetAccount(ROLES.relayer + 1);
      let relayed!: (r: RelayResult) => void;
      const result = new Promise<RelayResult>((resolve) => (relayed = resolve));
      const sessions = { chainId: stack.deployment.chainId, address: stack.deployment.contracts.Sessions };
      const keys = names.map(() => privateKeyToAccount(generatePrivateKey()));
      const agents = await Promise.all(names.map((name, i) => runAgent(simulatedAgent({ name, skill: 0.8 }), {
        natsServers: stack.nats.url, natsAuth: stack.nats.admin, account: keys[i]!, sessions,
        relay: i === 0 ? { rpcUrl: stack.evm.rpcUrl, account: payer, onResult: (_, r) => relayed(r) } : undefined,
      })));
      try {
        const panel = [];
        for (const [i, name] of names.entries()) {
          // Operators 4 and 5: the contract refuses votes between agents of one operator.
          const operator = stack.clients.walletFor(devnetAccount(ROLES.firstOperator + 3 + i));
          const { agentId } = await registerAgent(stack.chain, { wallet: operator, signer: keys[i]!, modelId: "simulated" });
          panel.push({ name, agentId, signer: keys[i]!.address });
        }
        await awaitAgentsReady(stack.nc, names);
        const problem = generateWordProblem(seededRandom("relay opt-in"));
        const { sessionId } = await createSession(stack.chain, {
          wallet: stack.submitter, taskHash: keccak256(stringToBytes(problem.text)), agentIds: panel.map((a) => a.agentId),
          orchestrator: stack.orchestrator.account.address, maxRounds: 1, bounty: parseEther("1"),
        });
        const withheld = { ...stack.orchestrator, sendRawTransaction: async () => { throw new Error("recording withheld by the test"); } } as Wallet;
        const orchestrated = runSession(
          { nc: stack.nc, chain: stack.chain, orchestrator: withheld },
          { sessionId, task: problem.text, panel, minRounds: 1, maxRounds: 1, effort: 0.6, phaseTimeoutMs: 3_000, roundTerms: await readRoundTerms(stack.chain, { sessionId }) },
        );
        const [relay] = await Promise.all([result, orchestrated.catch(() => {})]);
        assert.equal(relay.status, "recorded", JSON.stringify(relay));
        const [event] = await getRoundRecordedLogs(stack.clients.publicClient, {
          address: stack.deployment.contracts.Sessions, sessionId, fromBlock: BigInt(stack.deployment.deployedAtBlock),
        });
        assert.equal(unpackRoundOutcome(event!.outcome, 2).present, 0b11n);
        assert.equal((await stack.clients.publicClient.getTransaction({ hash: event!.txHash })).from.toLowerCase(), payer.address.toLowerCase());
      } finally {
        await Promise.all(agents.map((a) => a.stop()));
      }
    });
  });

  describe("what the relayer reports", () => {
    const hashesOf = (round: number) => [1, 2, 3].map((n) => keccak256(stringToBytes(`round ${round} proposal ${n}`)));
    const relayers: Relayer[] = [];
    let created = 0;
    after(async () => {
      await Promise.all(relayers.map((r) => r.stop()));
    });

    async function session(maxRounds = 1) {
      const { sessionId } = await createSession(stack.chain, {
        wallet: stack.submitter, taskHash: keccak256(stringToBytes(`relay outcomes ${++created}`)),
        agentIds: stack.panel.map((a) => a.agentId), orchestrator: stack.orchestrator.account.address, maxRounds, bounty: parseEther("1"),
      });
      const relayer = await startRelayer({
        nats: { servers: stack.nats.url, auth: stack.natsUsers!.relayer }, sessionId, sessions: contract(),
        chain: { rpcUrl: stack.evm.rpcUrl, account: devnetAccount(ROLES.relayer), fromBlock: BigInt(stack.deployment.deployedAtBlock) },
        retryMs: 60_000, // a waiting round must be picked up when the round before it lands, not by the timer
      });
      relayers.push(relayer);
      await relayer.ready;
      return { sessionId, relayer };
    }

    /** Agent `agent`'s ballot over `present` (agent order): 50 to every other proposal, or `sortedVotes`. */
    async function ballot(sessionId: bigint, round: number, agent: number, present: Hex[], sortedVotes?: number[]) {
      const own = present[agent]!;
      const sorted = sortedProposalOrder(present).map((i) => present[i]!);
      const votes = encodeBallotVotes(sortedVotes ?? sorted.map((h) => (h === own ? 0 : 50)));
      const account = privateKeyToAccount(agentKeys[agent]!);
      const signature = await signBallot(account, contract(), { sessionId, round, proposalHash: own, proposalsHash: roundProposalsHash(present), votes });
      return { account, agentIndex: agent, proposalHash: own, votes, signature, sorted };
    }

    /** Publishes every agent's ballot of `round` on its relay subject, as the agents' SDK does. */
    async function relayAll(sessionId: bigint, round: number, votesOf: (agent: number) => number[] | undefined = () => undefined) {
      const present = hashesOf(round);
      for (const [agent, name] of stack.panel.map((a) => a.name).entries()) {
        const b = await ballot(sessionId, round, agent, present, votesOf(agent));
        const data = encodeMessage(relayedBallot, {
          sessionId: String(sessionId), round, phase: "evaluate", agent: name, proposalHash: b.proposalHash,
          proposalHashes: b.sorted, votes: b.votes, signature: b.signature,
        });
        const h = headers();
        h.set(SIGNATURE_HEADER, await signPayload(b.account, data));
        stack.nc.publish(subjects.relay(String(sessionId), round, name), data, { headers: h });
      }
      await stack.nc.flush();
    }

    it("refuses to relay a session that is not on chain", async () => {
      await assert.rejects(startRelayer({
        nats: { servers: stack.nats.url, auth: stack.natsUsers!.relayer }, sessionId: 10_000n, sessions: contract(),
        chain: { rpcUrl: stack.evm.rpcUrl, account: devnetAccount(ROLES.relayer) },
      }), (e: unknown) => e instanceof ConcordError && e.code === "SESSION_NOT_FOUND");
    });

    it("reports a round the orchestrator recorded with an absent agent as kept partial, with the contract's RoundAlreadyRecorded", { timeout: 20_000 }, async () => {
      const { sessionId, relayer } = await session();
      const present = hashesOf(1).slice(0, 2);
      const attestations = await Promise.all([0, 1].map((agent) => ballot(sessionId, 1, agent, present)));
      await recordRound(stack.chain, {
        wallet: stack.orchestrator, sessionId, round: 1, attestations, absentSigners: [stack.panel[2]!.signer],
        roundTerms: await readRoundTerms(stack.chain, { sessionId }),
      });
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
});
