// A round recorded with absent agents stays open to dispute for the session's absenceGrace: until
// then the contract refuses the next round and settlement with RoundDisputable(sessionId, round,
// until). The orchestrator then waits the window out and sends again; nothing is read on the path
// of a round that is not refused.
import { setTimeout as sleep } from "node:timers/promises";
import { decodedRevert } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "./chain-context.ts";

/** The `until` of a RoundDisputable revert, or undefined for any other failure. */
export function disputableUntilOf(error: unknown): bigint | undefined {
  const revert = decodedRevert(error);
  if (revert?.errorName !== "RoundDisputable") return undefined;
  return BigInt(revert.args[2] as bigint | number);
}

/** Most windows one call waits out (each is a different round's; one is the usual case). */
const MAX_WINDOWS = 4;

/**
 * Runs `send`; while the chain refuses it because a partial round is still open to dispute, waits
 * until the chain's clock has passed the window (new blocks take the wall clock, plus any offset
 * the node keeps) and sends again, told that it waited (`afterWait`: it should then simulate in
 * the pending block, since a devnet that mines on demand keeps its latest block's old time).
 */
export async function afterDisputeWindow<T>(client: ChainContext, send: (afterWait: boolean) => Promise<T>, log?: (line: string) => void): Promise<T> {
  for (let windows = 0; ; windows++) {
    try {
      return await send(windows > 0);
    } catch (error) {
      const until = disputableUntilOf(error);
      if (until === undefined || windows === MAX_WINDOWS) throw error;
      const { timestamp } = await client.publicClient.getBlock();
      const seconds = until >= timestamp ? Number(until - timestamp) + 1 : 0;
      log?.(`a partial round is open to dispute until ${until}: waiting ${seconds} s before sending again`);
      await sleep(seconds * 1000);
    }
  }
}
