// A session's taskURI: storage keeps only its hash, so it is read from the SessionCreated event.
import { getContractEvents } from "viem/actions";
import { sessionsAbi } from "../abis/index.ts";
import type { Deployment } from "../protocol/index.ts";
import type { ChainReader } from "./clients.ts";

export async function readTaskUri(client: ChainReader, deployment: Deployment, sessionId: bigint): Promise<string> {
  const [created] = await getContractEvents(client, {
    address: deployment.contracts.Sessions, abi: sessionsAbi, eventName: "SessionCreated", args: { sessionId },
    fromBlock: BigInt(deployment.deployedAtBlock), strict: true,
  });
  return created?.args.params.taskURI ?? "";
}
