#!/usr/bin/env node
// `concord <command>`: the command-line interface. This file only dispatches: it parses each
// command's flags, prints help, and maps failures to exit codes (2 = usage, 1 = failure).
import { parseArgs } from "node:util";
import { ConcordError } from "../../../sdk/protocol/errors.ts";
import { UsageError, type Command, type FlagValues } from "./commands/command.ts";
import { agentCommand } from "./commands/agent.ts";
import { benchCommand } from "./commands/bench.ts";
import { claimCommand } from "./commands/claim.ts";
import { devnetCommand } from "./commands/devnet.ts";
import { orchestratorCommand } from "./commands/orchestrator.ts";
import { sessionCommand } from "./commands/session.ts";
import { sessionsCommand } from "./commands/sessions.ts";
import { submitCommand } from "./commands/submit.ts";

const commands: readonly Command[] = [
  devnetCommand, orchestratorCommand, agentCommand, submitCommand, sessionsCommand, sessionCommand, claimCommand, benchCommand,
];

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "usage: concord <command> [options]     (concord <command> --help for its options)",
    "",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Start with `concord devnet` in one terminal; the other commands find it through its record.",
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(overview());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`concord: unknown command ${JSON.stringify(name)}\n\n${overview()}`);
    return 2;
  }
  try {
    const { values, positionals } = parseCommandLine(command, rest);
    if (values.help) {
      console.log(command.help);
      return 0;
    }
    return await command.run(values, positionals);
  } catch (error) {
    return report(command, error);
  }
}

function parseCommandLine(command: Command, args: string[]): { values: FlagValues; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
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

/** `concord <cmd>: <CODE>: <message>`; usage errors also show the command's help. */
function report(command: Command, error: unknown): number {
  if (error instanceof UsageError) {
    console.error(`concord ${command.name}: ${error.message}`);
    if (error.showUsage) console.error(`\n${command.help}`);
    return 2;
  }
  if (error instanceof ConcordError) {
    console.error(`concord ${command.name}: ${error.message}`);
    return error.code === "CONFIG_INVALID" ? 2 : 1;
  }
  console.error(`concord ${command.name}: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
}

// Exit explicitly: a command that is done may still hold a NATS connection or an HTTP agent open.
process.exit(await main(process.argv.slice(2)));
