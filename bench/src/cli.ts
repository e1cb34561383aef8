#!/usr/bin/env node
// `concord-bench <benchmark>`: benchmarks a researcher runs with their own flags (today: quality).
// The timing benchmarks run as `npm run bench:<name>`; every one writes its section of docs/benchmarks.md.
import { runCli } from "@concord/orchestrator/cli/run-cli.ts";
import { qualityCommand } from "./quality-command.ts";

const program = { name: "concord-bench", commands: [qualityCommand] };

// Exit explicitly: a finished run may still hold a NATS connection or an HTTP agent open.
process.exit(await runCli(program, process.argv.slice(2)));
