// A real EVM: `hardhat node` as a child process, reachable over JSON-RPC on loopback.
import { createRequire } from "node:module";
import path from "node:path";
import { ConcordError } from "@concord/agent-sdk/protocol";
import { spawnReady } from "./child-process.ts";
import { freePort } from "./free-port.ts";

export interface LocalEvm {
  rpcUrl: string;
  /** Resolves if the node exits without stop(), saying so. */
  died: Promise<string>;
  stop(): Promise<void>;
  /** What the node printed, its last lines. */
  output(): string;
}

const projectRoot = path.resolve(import.meta.dirname, "../../..");

function hardhatCli(): string {
  const require = createRequire(path.join(projectRoot, "package.json"));
  const pkgPath = require.resolve("hardhat/package.json");
  const pkg = require(pkgPath) as { bin: Record<string, string> };
  return path.join(path.dirname(pkgPath), pkg.bin.hardhat!);
}

/** The node's own configuration: hardhat's defaults, none of the project's plugins (see the file). */
const NODE_CONFIG = path.join(import.meta.dirname, "hardhat-node.config.ts");

/** The arguments (after node's own) that run `hardhat node` on 127.0.0.1:`port`. */
export function hardhatNodeArgs(port: number, chainId?: number): string[] {
  return [
    hardhatCli(), "--config", NODE_CONFIG, "node", "--hostname", "127.0.0.1", "--port", String(port),
    ...(chainId === undefined ? [] : ["--chain-id", String(chainId)]),
  ];
}

/** Tries when the port is ours to pick: another process may take a free port before the node binds it. */
const PORT_TRIES = 3;

/**
 * `chainId`: another chain than the devnet's 31337, standing in for a public network in tests.
 * `onLine`: each line the node prints, as it prints it.
 */
export async function startHardhatNode(options: { port?: number; chainId?: number; onLine?: (line: string) => void } = {}): Promise<LocalEvm> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(options.port ?? (await freePort()), options.chainId, options.onLine);
    } catch (error) {
      // A node that exits before it is ready on a port we picked most likely lost the port (EADDRINUSE).
      const lostPort = options.port === undefined && /exited .* before it was ready/.test((error as Error).message);
      if (!lostPort || attempt === PORT_TRIES) throw error;
    }
  }
}

async function startOn(port: number, chainId: number | undefined, onLine?: (line: string) => void): Promise<LocalEvm> {
  const node = await spawnReady({
    // process.execPath: the project's Node 22 when started through npm.
    command: process.execPath,
    args: hardhatNodeArgs(port, chainId),
    cwd: projectRoot,
    label: "hardhat node",
    readyPattern: /Started HTTP and WebSocket JSON-RPC server at (http:\/\/[\d.]+:\d+)/,
    timeoutMs: 120_000,
    onLine,
  });
  const rpcUrl = node.ready[1]!;
  try {
    await setCallLogging(rpcUrl, false);
  } catch (error) {
    await node.stop();
    throw error;
  }
  return { rpcUrl, died: node.died, stop: node.stop, output: node.output };
}

/**
 * `hardhat node` prints every JSON-RPC call (a transaction with its decoded call, gas and block).
 * Nothing reads those lines, and printing them cost the node, and this process reading them, CPU on
 * every call: they are turned off once the node is ready (hardhat_setLoggingEnabled).
 */
export async function setCallLogging(rpcUrl: string, enabled: boolean): Promise<void> {
  const response = await fetch(rpcUrl, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "hardhat_setLoggingEnabled", params: [enabled] }),
  });
  const body = (await response.json()) as { error?: { message: string } };
  if (body.error) throw new ConcordError("PROCESS_START_FAILED", `hardhat node: hardhat_setLoggingEnabled failed: ${body.error.message}`);
}
