// Finds nats-server, installing Debian's package when this machine allows it.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { ConcordError } from "../../../sdk/protocol/errors.ts";

const INSTALL_HINT =
  "install it with `sudo apt-get install -y nats-server` (Debian/Ubuntu), or put a nats-server " +
  "binary (>= 2.9, from https://github.com/nats-io/nats-server/releases) on PATH or in NATS_SERVER_BIN";

export function findNatsServer(): string | undefined {
  if (process.env.NATS_SERVER_BIN) return process.env.NATS_SERVER_BIN;
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), "/usr/sbin", "/usr/bin", "/usr/local/bin"];
  return dirs.map((dir) => path.join(dir, "nats-server")).find((candidate) => existsSync(candidate));
}

function canRun(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: "ignore" }).status === 0;
}

/** Returns the nats-server path; installs it with apt when running as root or with passwordless sudo. */
export function ensureNatsServer(log: (line: string) => void = console.log): string {
  const found = findNatsServer();
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  const sudo = !isRoot && canRun("sudo", ["-n", "true"]) ? ["sudo", "-n"] : [];
  if (!canRun("apt-get", ["--version"]) || (!isRoot && sudo.length === 0)) {
    throw new ConcordError("NATS_SERVER_MISSING", `nats-server was not found; ${INSTALL_HINT}`);
  }
  log("nats-server not found: installing Debian's package (apt-get install -y nats-server)...");
  const run = (args: string[]) => {
    const [command, ...rest] = [...sudo, ...args];
    execFileSync(command!, rest, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  };
  try {
    run(["apt-get", "update", "-qq"]);
    run(["apt-get", "install", "-y", "-qq", "nats-server"]);
  } catch (cause) {
    throw new ConcordError("NATS_SERVER_MISSING", `installing nats-server failed; ${INSTALL_HINT}`, { cause });
  }
  const installed = findNatsServer();
  if (!installed) throw new ConcordError("NATS_SERVER_MISSING", `nats-server still not found after install; ${INSTALL_HINT}`);
  return installed;
}
