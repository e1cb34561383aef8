// `hardhat node` as a process the fault suite can freeze, kill and start again on the same port.
// Its chain lives in memory: a restarted node is a new, empty chain.
import { hardhatNodeArgs } from "@concord/orchestrator/devnet/hardhat-node.ts";
import { spawnFaultChild, type FaultChild } from "./fault-child.ts";
import { freePort } from "./free-port.ts";

export interface EvmNode {
  rpcUrl: string;
  process(): FaultChild;
  /** Starts a node on the same port (after a kill). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startEvmNode(): Promise<EvmNode> {
  const port = await freePort();
  let current: FaultChild;
  const start = async () => {
    current = spawnFaultChild("hardhat node", hardhatNodeArgs(port), process.env);
    current.child.stdout!.resume();
    await current.waitFor(/Started HTTP and WebSocket JSON-RPC server at/);
  };
  await start();
  return {
    rpcUrl: `http://127.0.0.1:${port}`,
    process: () => current,
    restart: start,
    stop: () => current.signal("SIGTERM"),
  };
}
