// The deployment's treasury may not orchestrate. It takes what settlement leaves unearned, and an
// agent absent from a round earns nothing for it, so an orchestrator that is also the treasury
// would be paid for every agent it leaves out of a partial round. The Sessions contract has no
// room left to refuse it (24 572 of 24 576 bytes), so every party that names or runs an
// orchestrator checks it here: `concord orchestrator` before it takes a job, the preflight
// (CLI, scripts, the dApp) before a session naming one is created.
import type { Address } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { ConcordError } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "./chain-context.ts";

export function readTreasury(chain: ChainContext): Promise<Address> {
  return chain.publicClient.readContract({ address: chain.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "TREASURY" });
}

/** ORCHESTRATOR_IS_TREASURY when `orchestrator` is the deployment's treasury; undefined when not. */
export async function orchestratorTreasuryProblem(chain: ChainContext, orchestrator: Address): Promise<ConcordError | undefined> {
  const treasury = await readTreasury(chain);
  if (treasury.toLowerCase() !== orchestrator.toLowerCase()) return undefined;
  return new ConcordError("ORCHESTRATOR_IS_TREASURY",
    `the orchestrator ${orchestrator} is this deployment's treasury, which takes what absent agents leave unearned: ` +
    "it would be paid for every agent it leaves out of a round. Name another orchestrator (the treasury is fixed at deployment: concord deploy --treasury ADDRESS)");
}
