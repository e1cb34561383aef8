// Relaying on real parts (nats-server with per-agent users, a hardhat node, three agent
// processes): what each NATS user may do with the relay subject, and a round the orchestrator
// never records, recorded complete by a relayer that an agent runs with its own NATS user.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect } from "@nats-io/transport-node";
import { keccak256, parseEther, stringToBytes } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { natsAuthOptions, runAgent, startRelayer, type Relayer, type RelayResult } from "@concord/agent-sdk/agent";
import { getRoundRecordedLogs, subjects, unpackRoundOutcome } from "@concord/agent-sdk/protocol";
import { generateWordProblem, seededRandom, simulatedAgent } from "@concord/agent-sdk/providers";
import { ROLES, startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { createSession, readRoundTerms, registerAgent } from "@concord/orchestrator/chain/actions/index.ts";
import { awaitAgentsReady } from "@concord/orchestrator/nats/await-agents.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { runSession } from "@concord/orchestrator/rounds/run-session.ts";
import { refusals } from "../support/nats-refusals.ts";
import { publishRelayed, withheldWallet } from "../support/relay-ballots.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("relaying a complete round", () => {
  let stack: LocalStack;
  before(async () => {
    stack = await startLocalStack();
  });
  after(async () => {
    await stack?.stop();
  });

  describe("NATS permissions", () => {
    it("let an agent read every agent's relayed ballots and relay as itself, but still not read results or tasks", { timeout: 10_000 }, async () => {
      const [ada, bram] = stack.panel.map((a) => a.name) as [string, string];
      const adaNc = await connect({ servers: stack.nats.url, ...natsAuthOptions(stack.natsAuthFor(ada)) });
      const bramNc = await connect({ servers: stack.nats.url, ...natsAuthOptions(stack.natsAuthFor(bram)) });
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
      const relayerNc = await connect({ servers: stack.nats.url, ...natsAuthOptions(stack.natsUsers!.relayer) });
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
      const adaNc = await connect({ servers: stack.nats.url, ...natsAuthOptions(stack.natsAuthFor(ada)) });
      await publishRelayed(adaNc, ada, {
        sessionId: String(sessionId), round: 1, phase: "evaluate", agentIndex: 0,
        proposalHash: `0x${"01".repeat(32)}`, proposalHashes: [`0x${"01".repeat(32)}`, `0x${"02".repeat(32)}`, `0x${"03".repeat(32)}`],
        votes: "0x000a0a", signature: await forger.signMessage({ message: "not a ballot" }),
      }, forger);
      await adaNc.close();
      assert.match(await dropped, /INVALID_SIGNATURE/);

      // What an observer sees: the evaluate tasks' deadline, and when each agent's ballot is relayed.
      const deadlines: number[] = [];
      const relayedAt: number[] = [];
      const tasks = stack.nc.subscribe(`nsed.${sessionId}.task.*.evaluate`, { callback: (_, msg) => void deadlines.push(msg.json<{ deadline: number }>().deadline) });
      const ballots = stack.nc.subscribe(subjects.sessionRelay(String(sessionId)), { callback: () => void relayedAt.push(Date.now()) });
      await stack.nc.flush();

      // The orchestrator runs the round, but its recordRound never reaches the chain.
      const withheld = withheldWallet(stack.orchestrator);
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
        const withheld = withheldWallet(stack.orchestrator);
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
});
