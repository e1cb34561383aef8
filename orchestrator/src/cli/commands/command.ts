// What every `concord` subcommand is: its flags (node:util parseArgs), its help text, and a run
// function returning the exit code. The dispatcher (../concord.ts) owns parsing and exit codes.
import type { ParseArgsOptionsConfig } from "node:util";
import { ConcordError } from "@concord/agent-sdk/protocol";

/** A flag declared `multiple` arrives as an array of its values. */
export type FlagValues = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  name: string;
  /** One line for `concord --help`. */
  summary: string;
  /** Shown by `--help` and after a usage error: synopsis, options, an example. */
  help: string;
  options: ParseArgsOptionsConfig;
  /** How many positional arguments the command takes. */
  positionals: { min: number; max: number; name?: string };
  run(flags: FlagValues, positionals: string[]): Promise<number>;
  /** Commands under this one (`concord agent join`): the first argument names one, the rest are its own. */
  subcommands?: readonly Command[];
}

/**
 * A mistake in how the command was called (unknown flag, bad value, invalid config file): exit 2.
 * A ConcordError, so it carries a code from the one catalogue like every other failure.
 */
export class UsageError extends ConcordError {
  readonly showUsage: boolean;
  constructor(message: string, options: { showUsage?: boolean; cause?: unknown } = {}) {
    super("CONFIG_INVALID", message, { cause: options.cause });
    this.showUsage = options.showUsage ?? true;
  }
}

/** Resolves once the process is asked to stop (Ctrl-C or SIGTERM), with the signal's name. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve(signal));
  });
}
