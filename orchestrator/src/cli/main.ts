// The `concord` command line (started by concord.ts): this file only wires the commands to the runner.
import { agentCommand } from "./commands/agent.ts";
import { claimCommand } from "./commands/claim.ts";
import { dappCommand } from "./commands/dapp.ts";
import { deployCommand } from "./commands/deploy.ts";
import { devnetCommand } from "./commands/devnet.ts";
import { orchestratorCommand } from "./commands/orchestrator.ts";
import { refundCommand } from "./commands/refund.ts";
import { relayCommand } from "./commands/relay.ts";
import { sessionCommand } from "./commands/session.ts";
import { sessionsCommand } from "./commands/sessions.ts";
import { startCommand } from "./commands/start.ts";
import { submitCommand } from "./commands/submit.ts";
import { runCli } from "./run-cli.ts";

const program = {
  name: "concord",
  commands: [startCommand, devnetCommand, deployCommand, dappCommand, orchestratorCommand, agentCommand, submitCommand, sessionsCommand, sessionCommand, relayCommand, claimCommand, refundCommand],
  footer: "Start a stack with `concord start` (npm start) or `concord devnet` in one terminal; the other commands find it through its record.",
};

// Exit explicitly: a command that is done may still hold a NATS connection or an HTTP agent open.
process.exit(await runCli(program, process.argv.slice(2)));
