// A real EVM: `hardhat node` as a child process, reachable over JSON-RPC on loopback.
import { createRequire } from "node:module";
import path from "node:path";
import { spawnReady } from "./child-process.ts";
import { freePort } from "./free-port.ts";

export interface LocalEvm {
  rpcUrl: string;
  /** Resolves if the node exits without stop(), saying so. */
  died: Promise<string>;
  stop(): Promise<void>;
}

const projectRoot = path.resolve(import.meta.dirname, "../../..");


function hardhatCli(): string {
  const require = createRequire(path.join(projectRoot, "package.json"));
  const pkgPath = require.resolve("hardhat/package.json");
  const pkg = require(pkgPath) as { bin: Record<string, string> };
  return path.join(path.dirname(pkgPath), pkg.bin.hardhat!);
}

export async function startHardhatNode(options: { port?: number } = {}): Promise<LocalEvm> {
  const port = options.port ?? (await freePort());
  const node = await spawnReady({
    // process.execPath: the project's Node 22 when started through npm.
    command: process.execPath,
    args: [hardhatCli(), "node", "--hostname", "127.0.0.1", "--port", String(port)],
    cwd: projectRoot,
    label: "hardhat node",
    readyPattern: /Started HTTP and WebSocket JSON-RPC server at (http:\/\/[\d.]+:\d+)/,
    timeoutMs: 120_000,
  });
  return { rpcUrl: node.ready[1]!, died: node.died, stop: node.stop };
}
