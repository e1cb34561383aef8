// Finds nats-server, installing Debian's package when this machine allows it.
import { existsSync } from "node:fs";
import path from "node:path";
import { ensureDebianProgram } from "./ensure-debian-package.ts";

export function findNatsServer(): string | undefined {
  if (process.env.NATS_SERVER_BIN) return process.env.NATS_SERVER_BIN;
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), "/usr/sbin", "/usr/bin", "/usr/local/bin"];
  return dirs.map((dir) => path.join(dir, "nats-server")).find((candidate) => existsSync(candidate));
}

/** Returns the nats-server path; installs it with apt when running as root or with passwordless sudo. */
export function ensureNatsServer(log: (line: string) => void = console.log): string {
  return ensureDebianProgram(
    {
      label: "nats-server",
      debianPackage: "nats-server",
      find: findNatsServer,
      installHint:
        "install it with `sudo apt-get install -y nats-server` (Debian/Ubuntu), or put a nats-server " +
        "binary (>= 2.9, from https://github.com/nats-io/nats-server/releases) on PATH or in NATS_SERVER_BIN",
      code: "NATS_SERVER_MISSING",
    },
    log,
  );
}
