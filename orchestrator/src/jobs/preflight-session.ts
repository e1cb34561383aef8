// The preflight on real parts, for the CLI and scripts: probes the agents over NATS and reads the
// submitter's funds on chain for exactly the createSession call that would follow, and that the
// orchestrator it names is not the deployment's treasury (treasury-guard.ts).
import type { NatsConnection } from "@nats-io/transport-node";
import type { Address } from "viem";
import type { ChainContext } from "../chain/chain-context.ts";
import { createSessionRequest, type CreateSessionParameters } from "../chain/actions/create-session.ts";
import { checkSubmitterFunds } from "../chain/submitter-funds.ts";
import { orchestratorTreasuryProblem } from "../chain/treasury-guard.ts";
import { probeAcceptance } from "../nats/probe-acceptance.ts";
import { preflight, type PreflightInput, type PreflightResult } from "./preflight.ts";

export type PreflightSessionParameters = PreflightInput & {
  /** Who will send createSession and pay the bounty. */
  submitter: Address;
  /** The session's terms as createSession will get them; the agent ids come from the panel. */
  session: Omit<CreateSessionParameters, "wallet" | "agentIds">;
  /** How long each agent has to answer the acceptance probe (default 3 s). */
  probeTimeoutMs?: number;
};

export function preflightSession(nc: NatsConnection, chain: ChainContext, parameters: PreflightSessionParameters): Promise<PreflightResult> {
  const { submitter, session, probeTimeoutMs } = parameters;
  return preflight(parameters, {
    probe: (agent, task) => probeAcceptance(nc, agent, task, probeTimeoutMs),
    funds: async (panel) => {
      const [treasury, funds] = await Promise.all([
        orchestratorTreasuryProblem(chain, session.orchestrator),
        createSessionRequest(chain, { ...session, agentIds: panel.map((a) => a.agentId) }).then((request) => checkSubmitterFunds(chain, submitter, request)),
      ]);
      return treasury ? [treasury, ...funds] : funds;
    },
  });
}
