// `concord devnet`: nats-server + hardhat node + the contracts, until Ctrl-C. Its record tells
// every other command where things run.
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { startDevnet, ROLES } from "../../devnet/local-stack.ts";
import {
  assertNoLiveRecord, DEFAULT_DEVNET_RECORD, defaultDevnetRecord, devnetRecordOf, RECORD_ENV, removeDevnetRecord, removeDevnetRecordSync, writeDevnetRecord,
} from "../../devnet/devnet-record.ts";
import { intFlag, parseFlags } from "../config/flags.ts";
import { agentName } from "@concord/agent-sdk/protocol";
import { untilSignal, type Command } from "./command.ts";
import { startDappServer, type DappServer } from "../../web/dapp-server.ts";
import { agentJoinRoute } from "../../web/api/agent-join.ts";

const flagsSchema = z.object({
  record: z.string().min(1).optional(),
  "port-file": z.string().min(1).optional(),
  "nats-port": intFlag(1, 65535).optional(),
  "rpc-port": intFlag(1, 65535).optional(),
  agents: z
    .string()
    .transform((v) => v.split(",").map((n) => n.trim()).filter(Boolean))
    .pipe(z.array(agentName).min(1, "at least one agent name, comma-separated"))
    .optional(),
});

export const devnetCommand: Command = {
  name: "devnet",
  summary: "run a local devnet: nats-server (JetStream + WebSocket), a hardhat node, the contracts",
  help: `usage: concord devnet [--agents NAME,NAME,...] [--record FILE] [--port-file FILE] [--nats-port P] [--rpc-port P]

Starts nats-server (JetStream + WebSocket) and a hardhat node on loopback, deploys AgentRegistry
and Sessions, and writes the devnet record that the other commands read by default. Stays up
until Ctrl-C, then stops both servers and removes the record.

options:
  --agents A,B,...   run NATS in operator mode (JWT users) and give each named agent its own
                     user, allowed to publish only its own results and read only its own tasks;
                     everyone else must then use the admin or command-line credentials (the
                     record holds all of them; other commands use it). Agents registered on
                     chain later get theirs with \`concord agent join\` from the onboarding API
                     this command then serves on loopback (its URL is in the record: apiUrl)
  --record FILE      where to write the record (default $${RECORD_ENV} or ${path.relative(process.cwd(), DEFAULT_DEVNET_RECORD) || DEFAULT_DEVNET_RECORD})
  --port-file FILE   also write {"nats", "websocket", "rpc"} ports there once ready (for scripts)
  --nats-port P      NATS client port (default: a free port)
  --rpc-port P       JSON-RPC port (default: a free port)

accounts (hardhat's test mnemonic): ${ROLES.orchestrator} orchestrates, ${ROLES.firstOperator}-8 operate agents, ${ROLES.submitter} submits tasks, ${ROLES.relayer} relays, ${ROLES.treasury} is the treasury (fees and what is unearned)

example:
  concord devnet --agents ada,bram,chloe`,
  options: {
    record: { type: "string" },
    "port-file": { type: "string" },
    "nats-port": { type: "string" },
    "rpc-port": { type: "string" },
    agents: { type: "string" },
  },
  positionals: { min: 0, max: 0 },
  async run(rawFlags) {
    const flags = parseFlags(flagsSchema, rawFlags);
    let exitCode = 0;
    const recordFile = flags.record ?? defaultDevnetRecord();
    await assertNoLiveRecord(recordFile);
    const stopped = untilSignal();
    process.once("exit", () => removeDevnetRecordSync(recordFile));
    const devnet = await startDevnet({
      log: (line) => console.log(line), natsPort: flags["nats-port"], rpcPort: flags["rpc-port"], agentNames: flags.agents,
    });
    let api: DappServer | undefined;
    try {
      // Only the process holding the NATS account key can issue credentials: it serves the join route.
      api = devnet.onboarding && (await startDappServer({
        deployment: devnet.deployment, chain: devnet.chain, routes: [agentJoinRoute], onboarding: devnet.onboarding, sessionLogs: false,
      }));
      const record = devnetRecordOf(devnet, "concord devnet", { apiUrl: api?.url });
      const natsUsers = record.natsUsers;
      await writeDevnetRecord(recordFile, record);
      if (flags["port-file"]) {
        const port = (url: string) => Number(new URL(url).port);
        const ports = { nats: port(record.natsUrl), websocket: port(record.websocketUrl), rpc: port(record.rpcUrl) };
        await writeFile(flags["port-file"], `${JSON.stringify(ports)}\n`);
      }
      console.log(
        [
          "",
          "devnet ready",
          `  nats           ${record.natsUrl}${natsUsers ? ` (users: admin, cli, viewer, relayer, ${flags.agents!.join(", ")}; credentials in the record)` : " (open: start with --agents for per-agent users)"}`,
          `  websocket      ${record.websocketUrl}`,
          ...(api ? [`  onboarding     ${api.url}/api/agents/join (concord agent join)`] : []),
          `  evm            ${record.rpcUrl} (chain ${record.deployment.chainId})`,
          `  AgentRegistry  ${record.deployment.contracts.AgentRegistry}`,
          `  Sessions       ${record.deployment.contracts.Sessions}`,
          `  record         ${recordFile}`,
          "Ctrl-C stops.",
        ].join("\n"),
      );
      // A server dying on its own ends the devnet: what remains is no stack for anyone to use.
      const died = await Promise.race([stopped.then(() => undefined), devnet.died]);
      if (died) {
        console.error(`concord devnet: ${died}; stopping the devnet`);
        exitCode = 1;
      } else console.log("stopping the devnet...");
    } finally {
      await removeDevnetRecord(recordFile);
      if (flags["port-file"]) await rm(flags["port-file"], { force: true });
      await api?.close();
      await devnet.stop();
    }
    return exitCode;
  },
};
