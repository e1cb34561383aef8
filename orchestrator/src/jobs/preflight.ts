// Everything that can refuse a submission, checked before createSession so no bounty is escrowed
// in vain: the task (size, encoding), each chosen agent's answer to the acceptance probe (which
// also shows it is alive), and the submitter's funds for the bounty and gas. Every problem is
// returned, each a ConcordError with a person's message; `PreflightRefused` carries them all.
import { ConcordError, type ErrorCode, MIN_AGENTS, minPresent } from "@concord/agent-sdk/protocol";
import type { PanelAgent } from "../nats/panel-agent.ts";
import type { ProbeAnswer } from "../nats/probe-acceptance.ts";
import { checkTask } from "./check-task.ts";

export interface PreflightInput {
  task: string;
  /** The chosen agents, resolved from their heartbeats (nats/resolve-agents.ts). */
  panel: readonly PanelAgent[];
  /** The panel was not named (every live agent): drop the agents that decline instead of refusing. */
  trimPanel?: boolean;
}

/** The reads a preflight makes, injected: NATS (nats/probe-acceptance.ts) and the chain (chain/submitter-funds.ts). */
export interface PreflightReads {
  probe(agent: PanelAgent, task: string): Promise<ProbeAnswer>;
  /** The submitter's shortfalls for createSession with this panel. */
  funds(panel: readonly PanelAgent[]): Promise<ConcordError[]>;
}

export interface PreflightResult {
  /** Empty when the session may be created. */
  problems: ConcordError[];
  /** The panel to create the session with. */
  panel: PanelAgent[];
  /** What a person should know that refuses nothing (an agent left out, one that will skip). */
  notes: string[];
  /** Each probed agent's answer (none when the task itself was refused). */
  answers: { agent: PanelAgent; answer: ProbeAnswer }[];
}

export async function preflight(input: PreflightInput, reads: PreflightReads): Promise<PreflightResult> {
  const problems: ConcordError[] = [];
  const notes: string[] = [];
  const taskProblem = checkTask(input.task);
  if (taskProblem) problems.push(taskProblem);

  let panel = [...input.panel];
  const probed: PreflightResult["answers"] = [];
  if (!taskProblem) {
    const answers = await Promise.all(panel.map((agent) => reads.probe(agent, input.task)));
    probed.push(...panel.map((agent, i) => ({ agent, answer: answers[i]! })));
    const declined = panel.flatMap((agent, i) => (answers[i]!.accepts ? [] : [{ agent, reason: (answers[i] as { reason: string }).reason }]));
    const able = panel.filter((_, i) => answers[i]!.accepts);
    const kept = input.trimPanel ? able : panel;
    const needed = input.trimPanel ? MIN_AGENTS : minPresent(panel.length);
    if (able.length < needed) {
      for (const { agent, reason } of declined) problems.push(new AgentProblem("AGENT_DECLINED", `agent ${agent.name} declines: ${reason}`, agent));
      problems.push(new ConcordError("TOO_FEW_AGENTS",
        `${able.length} of the ${panel.length} agents (${panel.map((a) => a.name).join(", ")}) will answer this task; ` +
        (input.trimPanel ? `a session needs at least ${MIN_AGENTS}` : `a session of ${panel.length} needs at least ${needed} to record its rounds`)));
    } else {
      for (const { agent, reason } of declined) {
        notes.push(input.trimPanel ? `left out ${agent.name}: it declines (${reason})` : `${agent.name} will skip every round: it declines (${reason})`);
      }
      panel = kept;
    }
  }
  problems.push(...(await reads.funds(panel)));
  return { problems, panel, notes, answers: probed };
}

/** A problem about one agent, naming it so that a form can show it by that agent. */
export class AgentProblem extends ConcordError {
  readonly agent: { readonly agentId: bigint; readonly name?: string };
  constructor(code: ErrorCode, message: string, agent: { agentId: bigint; name?: string }) {
    super(code, message);
    this.agent = { agentId: agent.agentId, ...(agent.name === undefined ? {} : { name: agent.name }) };
  }
}

/** A submission refused before any money moved, with every reason. */
export class PreflightRefused extends ConcordError {
  readonly problems: readonly ConcordError[];
  constructor(problems: readonly ConcordError[]) {
    super("PREFLIGHT_REFUSED", `refused before the bounty moved (no session was created):\n${problems.map((p) => `  - ${p.message}`).join("\n")}`);
    this.problems = problems;
  }
}
