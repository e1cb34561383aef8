// Concord's columns of the quality benchmark, on the real protocol: a local devnet (nats-server
// with JetStream, a hardhat node, the contracts), the panel's agents running in this process on
// their own NATS users with their own keys, registered on chain, and one session per task and
// plan. A plan forced to exactly R rounds (min = max = R) gives Concord at every r ≤ R: the winner
// after round r is what a session stopped after r rounds would answer. An adaptive plan (min 1,
// max R) lets the orchestrator's halting rule decide when to stop. Each plan runs on a devnet of
// its own, so its agents start with no history: their evaluation weights are learned from that
// plan's own sessions, in task order, as the history-weighted baseline learns its weights. Each
// session names its task's family, so the weights are learned per family (Sessions keeps a
// history per agent and family), as the baseline learns them.
import { keccak256, parseEther, stringToBytes } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { taskFamilyId } from "@concord/agent-sdk/protocol";
import { generatePrivateKey } from "viem/accounts";
import { fastAccount } from "@concord/agent-sdk/secp256k1";
import { type AgentDefinition, runAgent, type RunningAgent, UNANIMOUS_JUSTIFICATION } from "@concord/agent-sdk/agent";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { createSession, registerAgent, readRoundTerms } from "@concord/orchestrator/chain/actions/index.ts";
import { startDevnet, ROLES, type Devnet } from "@concord/orchestrator/devnet/local-stack.ts";
import { awaitAgentsReady } from "@concord/orchestrator/nats/await-agents.ts";
import { runSession } from "@concord/orchestrator/rounds/run-session.ts";
import type { PanelAgent } from "@concord/orchestrator/nats/panel-agent.ts";
import type { RoundOutcome } from "@concord/orchestrator/state/round-outcome.ts";
import type { BenchTask } from "./task-set.ts";
import type { RoundRecord } from "./score.ts";

/** How one pass over the tasks runs its sessions (runSession's halting configuration). */
export interface ConcordPlan {
  minRounds: number;
  maxRounds: number;
  /** The halting effort (irrelevant when min = max). */
  effort: number;
}

export interface ConcordRunOptions {
  tasks: readonly BenchTask[];
  panel: readonly AgentDefinition[];
  /** Run one after the other, each on a fresh devnet with freshly registered agents. */
  plans: readonly ConcordPlan[];
  /** Sessions at a time; each lane has its own orchestrator and submitter accounts (nonces). */
  concurrency: number;
  phaseTimeoutMs: number;
  askModelWhenUnanimous?: boolean;
  log(line: string): void;
}

/** Devnet accounts past the roles: lane i orchestrates with 10 + 2i and submits with 11 + 2i. */
const FIRST_LANE_ACCOUNT = 10;
export const MAX_LANES = 5;

/** One plan's pass over the tasks. */
export interface ConcordPass {
  /** Per task (in order): the records of the rounds its session completed (none if it failed). */
  records: RoundRecord[][];
  /**
   * The weight each agent (in panel order) had grown to on chain after the pass, per task family the
   * sessions named ("" for none): what a next session would snapshot. Every agent started at 1.
   */
  weights: Record<string, number[]>;
}

/** One pass per plan, each on its own devnet. */
export async function runConcord(options: ConcordRunOptions): Promise<ConcordPass[]> {
  const passes: ConcordPass[] = [];
  for (const plan of options.plans) passes.push(await runOnFreshDevnet(options, plan));
  return passes;
}

async function runOnFreshDevnet(options: ConcordRunOptions, plan: ConcordPlan): Promise<ConcordPass> {
  const { panel } = options;
  const devnet = await startDevnet({ agentNames: panel.map((a) => a.name) });
  const running: RunningAgent[] = [];
  try {
    const agents: PanelAgent[] = [];
    for (const [i, definition] of panel.entries()) {
      const account = fastAccount(generatePrivateKey());
      running.push(await runAgent(definition, {
        natsServers: devnet.nats.url, natsAuth: devnet.natsAuthFor(definition.name), account,
        sessions: { chainId: devnet.deployment.chainId, address: devnet.deployment.contracts.Sessions },
        askModelWhenUnanimous: options.askModelWhenUnanimous,
      }));
      const operator = devnet.clients.walletFor(devnetAccount(ROLES.firstOperator + i));
      agents.push({ name: definition.name, agentId: (await registerAgent(devnet.chain, { wallet: operator, signer: account, modelId: definition.modelId })).agentId, signer: account.address });
    }
    await awaitAgentsReady(devnet.nc, agents.map((a) => a.name));

    const records = await runPlan(options, devnet, agents, plan);
    return { records, weights: await readHistories(options, devnet, agents) };
  } finally {
    await Promise.allSettled(running.map((a) => a.stop()));
    await devnet.stop();
  }
}

async function runPlan(options: ConcordRunOptions, devnet: Devnet, agents: readonly PanelAgent[], plan: ConcordPlan): Promise<RoundRecord[][]> {
  const { log } = options;
  const label = plan.minRounds === plan.maxRounds ? `${plan.maxRounds} rounds` : `${plan.minRounds}-${plan.maxRounds} rounds, adaptive`;
  log(`concord (${label}): ${options.tasks.length} sessions, ${agents.length} agents, ${options.concurrency} at a time`);
  const results: RoundRecord[][] = Array.from({ length: options.tasks.length }, () => []);
  let next = 0;
  let done = 0;
  const lane = async (index: number) => {
    const orchestrator = devnet.clients.walletFor(devnetAccount(FIRST_LANE_ACCOUNT + 2 * index));
    const submitter = devnet.clients.walletFor(devnetAccount(FIRST_LANE_ACCOUNT + 2 * index + 1));
    for (let t = next++; t < options.tasks.length; t = next++) {
      const task = options.tasks[t]!;
      try {
        const { sessionId } = await createSession(devnet.chain, {
          wallet: submitter,
          taskHash: keccak256(stringToBytes(task.problem)), agentIds: agents.map((a) => a.agentId),
          orchestrator: orchestrator.account.address, minRounds: plan.minRounds, maxRounds: plan.maxRounds, bounty: parseEther("0.001"),
          taskFamily: task.family,
        });
        const outcome = await runSession(
          { nc: devnet.nc, chain: devnet.chain, orchestrator },
          { sessionId, task: task.problem, panel: agents, ...plan, phaseTimeoutMs: options.phaseTimeoutMs, roundTerms: await readRoundTerms(devnet.chain, { sessionId }) },
        );
        results[t] = outcome.rounds.map(roundRecord);
      } catch (error) {
        // A failed session answers nothing: it counts as wrong, and the report says how many failed.
        log(`task ${task.id}: session failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (++done % 20 === 0 || done === options.tasks.length) log(`concord (${label}): ${done}/${options.tasks.length} sessions`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, MAX_LANES) }, (_, i) => lane(i)));
  return results;
}

/**
 * The agents' on-chain histories after the pass, per task family the sessions named (sessions,
 * endorsed, the weight a next session would snapshot): logged, and the weights returned.
 */
async function readHistories(options: ConcordRunOptions, devnet: Devnet, agents: readonly PanelAgent[]): Promise<Record<string, number[]>> {
  const weights: Record<string, number[]> = {};
  for (const family of new Set(options.tasks.map((t) => t.family))) {
    const histories = await Promise.all(agents.map((agent) => devnet.chain.publicClient.readContract({
      address: devnet.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "familyHistory", args: [agent.agentId, taskFamilyId(family)],
    })));
    weights[family ?? ""] = histories.map(([, , weight]) => Number(weight));
    const lines = histories.map(([sessions, endorsed, weight], i) => `${agents[i]!.name} ${endorsed}/${sessions} endorsed, weight ${weight}`);
    options.log(`histories after the pass${family ? ` in family ${family}` : ""}: ${lines.join("; ")}`);
  }
  return weights;
}

/**
 * A round as the benchmark counts it: one call per proposal and per evaluation its agent asked its
 * model for. An evaluation the SDK gave itself (every candidate repeated the agent's own answer:
 * sdk/agent/unanimous-evaluation.ts) asked no model and costs no call.
 */
export function roundRecord(outcome: RoundOutcome): RoundRecord {
  const answers = [...outcome.proposals, ...outcome.evaluations].filter((m) => m !== undefined);
  const unasked = outcome.evaluations.filter((e) => e !== undefined && e.evaluations.length > 0 &&
    e.evaluations.every((a) => a.justification === UNANIMOUS_JUSTIFICATION)).length;
  return {
    winner: outcome.proposals[outcome.winnerIndex]!.solution,
    proposed: outcome.proposals.flatMap((p) => (p ? [p.solution] : [])),
    calls: answers.length - unasked,
    tokens: answers.reduce((sum, m) => sum + (m.usage ? m.usage.promptTokens + m.usage.completionTokens : 0), 0),
    ms: outcome.durationMs,
  };
}
