// The one command-line runner: parses a command's flags (node:util parseArgs), prints help, and
// maps failures to exit codes (2 = usage, 1 = failure). `concord` and `concord-bench` both use it.
import { parseArgs } from "node:util";
import { ConcordError, type ErrorCode } from "@concord/agent-sdk/protocol";
import { UsageError, type Command, type FlagValues } from "./commands/command.ts";
import { PreflightRefused } from "../jobs/preflight.ts";
import { errorText } from "./error-text.ts";

export interface CliProgram {
  /** The program's name as typed: `concord`. */
  name: string;
  commands: readonly Command[];
  /** Closing line of the overview. */
  footer?: string;
}

function overview({ name: program, commands, footer }: CliProgram): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `usage: ${program} <command> [options]     (${program} <command> --help for its options)`,
    "",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    ...(footer ? ["", footer] : []),
  ].join("\n");
}

/** Runs one command line of `program`; resolves with the exit code. */
export async function runCli(program: CliProgram, argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(overview(program));
    return name === undefined ? 2 : 0;
  }
  const found = program.commands.find((c) => c.name === name);
  if (!found) {
    console.error(`${program.name}: unknown command ${JSON.stringify(name)}\n\n${overview(program)}`);
    return 2;
  }
  const sub = found.subcommands?.find((c) => c.name === rest[0]);
  // A subcommand reports as `<program> <command> <sub>`, with its own flags and help.
  const command = sub ? { ...sub, name: `${found.name} ${sub.name}` } : found;
  if (sub) rest.shift();
  try {
    const { values, positionals } = parseCommandLine(command, rest);
    if (values.help) {
      console.log(command.help);
      return 0;
    }
    return await command.run(values, positionals);
  } catch (error) {
    return report(program.name, command, error);
  }
}

function parseCommandLine(command: Command, args: readonly string[]): { values: FlagValues; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (cause) {
    // node:util's messages name the flag ("Unknown option '--x'"); keep them, drop its hints.
    throw new UsageError((cause as Error).message.split(". To specify")[0]!, { cause });
  }
  const values = parsed.values as FlagValues;
  if (!values.help) {
    const { min, max, name } = command.positionals;
    if (parsed.positionals.length < min) throw new UsageError(`missing ${name ?? "argument"}`);
    if (parsed.positionals.length > max) {
      throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[max])}${max === 1 ? " (quote the text)" : ""}`);
    }
  }
  return { values, positionals: parsed.positionals };
}

/** What the caller typed was wrong: a flag or config file, the task text, a session id that does not exist. */
const CALLERS_MISTAKES: ReadonlySet<ErrorCode> = new Set(["CONFIG_INVALID", "TASK_INVALID", "SESSION_NOT_FOUND"]);

/**
 * 2 for a mistake in how the command was called (CONFIG_INVALID, TASK_INVALID, SESSION_NOT_FOUND;
 * a refused submission when one of its problems is), 1 for every other failure, a disagreement
 * with the chain (TASK_HASH_MISMATCH, SESSION_NOT_OPEN, AGENT_NOT_REGISTERED) included.
 */
export function exitCodeOf(error: unknown): 1 | 2 {
  if (!(error instanceof ConcordError)) return 1;
  const codes = error instanceof PreflightRefused ? error.problems.map((p) => p.code) : [error.code];
  return codes.some((code) => CALLERS_MISTAKES.has(code)) ? 2 : 1;
}

/** `<program> <cmd>: <message>`; usage errors also show the command's help. */
function report(program: string, command: Command, error: unknown): number {
  console.error(`${program} ${command.name}: ${errorText(error)}`);
  if (error instanceof UsageError && error.showUsage) console.error(`\n${command.help}`);
  return exitCodeOf(error);
}

