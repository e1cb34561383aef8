// `concord submit "task"`: creates the session on chain with the bounty escrowed, puts its job on
// the queue, follows its events to the end and prints the final answer.
import { z } from "zod";
import { formatEther, isAddress, parseEther, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  agentName, ConcordError, DEFAULT_ABSENCE_GRACE, DEFAULT_EFFORT, DEFAULT_MAX_ROUNDS, MAX_ABSENCE_GRACE, MAX_AGENTS, MAX_ROUNDS, MAX_TASK_CHARS, MAX_VOTE_CREDITS,
  MIN_AGENTS, taskFamilyName,
} from "@concord/agent-sdk/protocol";
import { devnetAccount } from "../../chain/clients.ts";
import { payoutLines } from "../payout-lines.ts";
import { chainRecord } from "./session-record.ts";
import { ROLES } from "../../devnet/local-stack.ts";
import type { SessionScope } from "../../state/session-key.ts";
import { openSessionStore } from "../../state/session-store.ts";
import { connectEvm, connectNats, endpointHelp, endpointOptions, resolveEndpoints } from "../config/endpoints.ts";
import { intFlag, parseFlags } from "../config/flags.ts";
import { devnetKey, keyFromEnv } from "../config/keys.ts";
import { UsageError, type Command } from "./command.ts";
import { checkTask } from "../../jobs/check-task.ts";
import { PreflightRefused } from "../../jobs/preflight.ts";
import { submitSession } from "../../jobs/submit-session.ts";
import { readTaskInput } from "../task-input.ts";
import { followSession, verdict, type HaltedEvent } from "./session-progress.ts";
import { printable } from "../printable.ts";

const flagsSchema = z
  .object({
    bounty: z
      .string()
      .default("1")
      .refine((v) => /^\d+(\.\d{1,18})?$/.test(v) && parseEther(v) > 0n, "a positive amount of ETH, e.g. 0.5"),
    "max-rounds": intFlag(1, MAX_ROUNDS).default(DEFAULT_MAX_ROUNDS),
    "min-rounds": intFlag(1, MAX_ROUNDS).default(1),
    "vote-credits": intFlag(1, MAX_VOTE_CREDITS).default(MAX_VOTE_CREDITS),
    "absence-grace": intFlag(0, MAX_ABSENCE_GRACE).default(DEFAULT_ABSENCE_GRACE),
    effort: z.string().default(String(DEFAULT_EFFORT)).transform(Number).refine((e) => e > 0 && e <= 1, "a number in (0, 1]"),
    agents: z
      .string()
      .transform((v) => v.split(",").map((n) => n.trim()).filter(Boolean))
      .pipe(z.array(agentName).min(MIN_AGENTS, "at least two agent names, comma-separated").max(MAX_AGENTS, `at most ${MAX_AGENTS} agent names`))
      .optional(),
    "key-env": z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name").optional(),
    // At least 1 ms once rounded, as the job's schema takes it: never refused after the escrow.
    "budget-seconds": z.string().transform(Number).refine((v) => v >= 0.001 && v * 1000 <= Number.MAX_SAFE_INTEGER, "a number of seconds, at least 0.001").optional(),
    "budget-tokens": intFlag(1, Number.MAX_SAFE_INTEGER).optional(),
    "budget-usd": z.string().transform(Number).refine((v) => v > 0 && Number.isFinite(v), "a positive amount of US dollars").optional(),
    orchestrator: z.string().refine(isAddress, "an address").optional(),
    "task-family": taskFamilyName.optional(),
  })
  .refine((f) => f["min-rounds"] <= f["max-rounds"], { path: ["min-rounds"], message: "at most --max-rounds" });

export const submitCommand: Command = {
  name: "submit",
  summary: "create a session for a task, queue it, and follow it to the final answer",
  help: `usage: concord submit "TASK" | --task-file FILE|- [--bounty ETH] [--max-rounds N] [--min-rounds N] [--effort E] [--vote-credits C]
                      [--absence-grace S] [--task-family NAME] [--agents NAME,NAME,...] [--key-env VAR] [--orchestrator ADDRESS]
                      [--budget-seconds S] [--budget-tokens N] [--budget-usd D]
                      [--record FILE | --nats URL --deployment FILE [--rpc URL]]

First checks what could refuse the session, before any money moves: the task (not empty,
valid text, at most ${MAX_TASK_CHARS} characters), each agent's answer to whether it will take the
task (an unnamed panel keeps the agents that will), and the submitter's balance for the bounty and
gas; it refuses with every reason and creates nothing (exit 2 for the task, 1 otherwise). Then it
creates the session on chain (the bounty escrowed), puts its job on the queue for an
orchestrator, prints the session's progress round by round, then the final answer: the winning
proposal, its author and score, and whether the panel reached consensus. Exit 0 when the session
settles, 1 when it fails.

options:
  --task-file FILE        read the task from FILE (- for standard input) instead of the argument
  --bounty ETH            escrowed bounty (default 1)
  --max-rounds N          at most N rounds (default ${DEFAULT_MAX_ROUNDS})
  --min-rounds N          never stop before N rounds (default 1)
  --effort E              in (0, 1]: a round runs while it is expected to add more than
                          (1 − E) × 5 points of accuracy (default ${DEFAULT_EFFORT}: 2 points)
  --vote-credits C        each evaluator's QV budget per round, Σ v² ≤ C, 1..${MAX_VOTE_CREDITS} (default ${MAX_VOTE_CREDITS})
  --absence-grace S       seconds during which anyone may replace a round recorded with absent agents by
                          the complete version of it, 0..${MAX_ABSENCE_GRACE} (default ${DEFAULT_ABSENCE_GRACE})
  --task-family NAME      the kind of task this is (e.g. arithmetic): the agents' weights come from their
                          past sessions of this family only, and this session counts in that family only;
                          a new name starts every agent at weight 1 (default: no family, the one shared history)
  --agents A,B,...        the panel by NATS name (default: every agent heartbeating within 5 s)
  --key-env VAR           variable holding the submitter's 0x key (on the devnet: account ${ROLES.submitter} by default)
  --orchestrator ADDRESS  who may record and settle (on the devnet: account ${ROLES.orchestrator} by default)
  --budget-seconds S      wall-clock budget: no round is started that the time left cannot cover
  --budget-tokens N       token budget (as the agents' providers report usage)
  --budget-usd D          cost budget in US dollars (as the providers report or price it)
${endpointHelp(26)}

example:
  concord submit "Ada has 12 apples. Ada gives 3 apples to a friend. How many apples does Ada have now?" --max-rounds 3`,
  options: {
    ...endpointOptions,
    bounty: { type: "string" },
    "max-rounds": { type: "string" },
    "min-rounds": { type: "string" },
    "vote-credits": { type: "string" },
    "absence-grace": { type: "string" },
    "task-family": { type: "string" },
    effort: { type: "string" },
    agents: { type: "string" },
    "key-env": { type: "string" },
    orchestrator: { type: "string" },
    "budget-seconds": { type: "string" },
    "budget-tokens": { type: "string" },
    "budget-usd": { type: "string" },
    "task-file": { type: "string" },
  },
  positionals: { min: 0, max: 1, name: "the task text" },
  async run(rawFlags, [argument]) {
    const flags = parseFlags(flagsSchema, rawFlags);
    const task = await readTaskInput(argument, typeof rawFlags["task-file"] === "string" ? rawFlags["task-file"] : undefined);
    // A task no job can carry is refused before any stack is even reached.
    const taskProblem = checkTask(task);
    if (taskProblem) throw new PreflightRefused([taskProblem]);
    const endpoints = await resolveEndpoints(rawFlags, { nats: true });
    if (!endpoints.onDevnet && (!flags["key-env"] || !flags.orchestrator)) {
      throw new UsageError("off the devnet, --key-env and --orchestrator are required");
    }
    const submitterKey = flags["key-env"] ? keyFromEnv(flags["key-env"], "submitter key") : devnetKey(ROLES.submitter);
    const orchestrator = (flags.orchestrator ?? devnetAccount(ROLES.orchestrator).address) as Address;
    const { clients, chain } = await connectEvm(endpoints);
    // The deployment's own orchestrators take the queue's jobs: a session naming another address
    // could not be settled early or failed by them, so its bounty would wait for the deadline.
    const serving = chain.deployment.orchestrator;
    if (serving && serving.toLowerCase() !== orchestrator.toLowerCase()) {
      throw new PreflightRefused([new ConcordError("ORCHESTRATOR_MISMATCH",
        `--orchestrator ${orchestrator} is not this deployment's orchestrator ${serving}, whose job workers take the queue's jobs; leave the flag out, or name that one`)]);
    }
    const nc = await connectNats(endpoints, "concord-submit");

    const bounty = parseEther(flags.bounty);
    // Everything that could refuse the session is checked before the bounty moves (jobs/submit-session.ts).
    let follower: ReturnType<typeof followSession> | undefined;
    let names: string[] = [];
    const { sessionId } = await submitSession(nc, chain, {
      task, wallet: clients.walletFor(privateKeyToAccount(submitterKey)), agents: flags.agents,
      session: {
        orchestrator, bounty, minRounds: flags["min-rounds"], maxRounds: flags["max-rounds"],
        voteCredits: flags["vote-credits"], absenceGrace: flags["absence-grace"], taskFamily: flags["task-family"],
      },
      effort: flags.effort,
      budget: {
        wallClockMs: flags["budget-seconds"] === undefined ? undefined : Math.round(flags["budget-seconds"] * 1000),
        tokens: flags["budget-tokens"],
        costUsd: flags["budget-usd"],
      },
      onCreated: async ({ sessionId: created, txHash, panel, notes }) => {
        for (const note of notes) console.log(note);
        names = panel.map((a) => a.name);
        console.log(`session ${created} created (tx ${txHash.slice(0, 10)}…): bounty ${formatEther(bounty)} ETH, ` +
          `${flags["min-rounds"]}–${flags["max-rounds"]} rounds, ${flags["vote-credits"]} vote credits, ` +
          `${flags["task-family"] ? `task family ${flags["task-family"]}, ` : ""}agents ${panel.map((a) => `${a.name} #${a.agentId}`).join(", ")}`);
        // Subscribe before the job exists, so no event can come before we listen.
        follower = followSession(nc, created.toString(), names, (line) => console.log(printable(line)));
        await nc.flush();
      },
    });
    const id = sessionId.toString();
    console.log("job queued; waiting for an orchestrator...");
    const { final, halted } = await follower!.done;
    if (final.type === "session-failed") return 1;

    await printFinalAnswer(nc, chain.deployment, id, final.winner, names, halted);
    const { settled, rounds, fairVote } = await chainRecord(chain, sessionId);
    if (settled) {
      console.log("\npayouts and why (from the chain):");
      for (const line of payoutLines({ names, payouts: settled.payouts, unearned: settled.unearned, rounds, fairVote })) console.log(line);
    }
    return 0;
  },
};

/** The winning proposal as the orchestrator stored it (the chain only has its hash). */
async function printFinalAnswer(
  nc: Awaited<ReturnType<typeof connectNats>>, scope: SessionScope, id: string, winner: string, names: readonly string[], halted?: HaltedEvent,
) {
  const snapshot = await (await openSessionStore(nc, scope)).load(id);
  const last = snapshot?.rounds.at(-1);
  const index = names.indexOf(winner);
  const proposal = last?.proposals[index];
  console.log("");
  if (!last || !proposal) {
    console.log(`final answer: not in the session store (bucket nsed-session-state); winner ${winner}`);
    return;
  }
  console.log(`final answer: ${printable(proposal.solution)}`);
  console.log(`  by ${winner}, score ${last.scores[index]} in round ${last.round}` + (halted ? ` · ${verdict(halted)}` : ""));
}
