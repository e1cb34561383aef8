// An agent written in any language: a long-lived child process speaking JSON lines (see
// README.md in this folder). The bridge validates its answers with the same schemas as every
// other provider, so a process cannot put anything on the wire the SDK would not accept.
import { defineAgent, type AgentDefinition } from "../../agent/define-agent.ts";
import { ConcordError } from "../../protocol/errors.ts";
import { validateEvaluation, validateProposal, type Validated } from "../answer-schemas.ts";
import { jsonLinesProcess } from "./json-lines-process.ts";

export interface ExecAgentOptions {
  /** Subject token for this agent: letters, digits, _ or -. */
  name: string;
  modelId: string;
  command: string;
  args?: readonly string[];
  /** Added to the parent's environment (e.g. an API key for the agent's own model). */
  env?: Record<string, string>;
  /**
   * Variables of the parent's environment the process does not get: the ones holding the agent's
   * signing key and any other key (the CLI passes its config's keyEnv, operatorKeyEnv and
   * relayKeyEnv), so a model's code never sees what signs its ballots.
   */
  withoutEnv?: readonly string[];
  cwd?: string;
  /** Restarts after consecutive exits (default 3); a reply in between resets the count. */
  maxRestarts?: number;
  /** Receives the process's stderr, line by line, and the bridge's own notes. */
  log?: (line: string) => void;
}

export interface ExecAgent extends AgentDefinition {
  /** Ends the process: stdin closed first, then SIGTERM, then SIGKILL. */
  close(): Promise<void>;
}

export function execAgent(options: ExecAgentOptions): ExecAgent {
  const label = `exec agent ${options.name} (${[options.command, ...(options.args ?? [])].join(" ")})`;
  const log = options.log ?? ((line: string) => process.stderr.write(`[${options.name}] ${line}\n`));
  const child = jsonLinesProcess({
    label, publicLabel: `exec agent ${options.name}`,
    command: options.command,
    args: options.args,
    env: options.env,
    withoutEnv: options.withoutEnv,
    cwd: options.cwd,
    maxRestarts: options.maxRestarts,
    log,
  });

  const accept = <T>(kind: string, result: unknown, checked: Validated<T>): T => {
    if (checked.ok) return checked.value;
    const quoted = JSON.stringify(JSON.stringify(result).slice(0, 200));
    throw new ConcordError("PROVIDER_BAD_OUTPUT", `${label} gave an invalid ${kind} result (${oneLine(checked.problems)}): ${quoted}`,
      { publicMessage: `exec agent ${options.name} gave an invalid ${kind} result (${oneLine(checked.problems)})` });
  };

  const agent = defineAgent({
    name: options.name,
    modelId: options.modelId,
    async propose(context) {
      const result = await child.request("propose", context, context.deadline);
      return accept("propose", result, validateProposal(result, { withUsage: true }));
    },
    async evaluate(context) {
      const result = await child.request("evaluate", context, context.deadline);
      const offered = context.candidates.map((c) => c.label);
      return accept("evaluate", result, validateEvaluation(result, offered, { withUsage: true }));
    },
  });
  return { ...agent, close: () => child.close() };
}

const oneLine = (text: string) => text.split("\n").map((l) => l.trim()).filter(Boolean).join(" ").slice(0, 300);
