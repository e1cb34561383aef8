// Finds a program, installing its Debian package when this machine allows it (root or
// passwordless sudo). Never downloads anything any other way.
import { execFileSync, spawnSync } from "node:child_process";
import { ConcordError, type ErrorCode } from "@concord/agent-sdk/protocol";

export interface DebianProgram {
  /** What the user reads: "nats-server", "chromium". */
  label: string;
  /** The Debian package that provides it. */
  debianPackage: string;
  /** Looks for the program; undefined when it is not there. */
  find(): string | undefined;
  /** How to get it by hand, for the error message. */
  installHint: string;
  /** The error code when it cannot be had. */
  code: ErrorCode;
}

function canRun(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: "ignore" }).status === 0;
}

export function ensureDebianProgram(program: DebianProgram, log: (line: string) => void = console.log): string {
  const found = program.find();
  if (found) return found;
  const fail = (message: string, cause?: unknown) =>
    new ConcordError(program.code, `${program.label} ${message}; ${program.installHint}`, { cause });
  const isRoot = process.getuid?.() === 0;
  const sudo = !isRoot && canRun("sudo", ["-n", "true"]) ? ["sudo", "-n"] : [];
  if (!canRun("apt-get", ["--version"]) || (!isRoot && sudo.length === 0)) throw fail("was not found");
  log(`${program.label} not found: installing Debian's package (apt-get install -y ${program.debianPackage})...`);
  const run = (args: string[]) => {
    const [command, ...rest] = [...sudo, ...args];
    execFileSync(command!, rest, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  };
  try {
    run(["apt-get", "update", "-qq"]);
    run(["apt-get", "install", "-y", "-qq", program.debianPackage]);
  } catch (cause) {
    throw fail("could not be installed", cause);
  }
  const installed = program.find();
  if (!installed) throw fail("is still not found after the install");
  return installed;
}
