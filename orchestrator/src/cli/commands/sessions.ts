// `concord sessions`: every session on the chain, one line each.
import { formatEther } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { sessionStatuses } from "@concord/agent-sdk/protocol";
import { readSession } from "../../chain/actions/index.ts";
import { connectEvm, endpointHelp, endpointOptions, resolveEndpoints } from "../config/endpoints.ts";
import type { Command } from "./command.ts";

export const sessionsCommand: Command = {
  name: "sessions",
  summary: "list the sessions on chain: status, bounty, agents, rounds, winner",
  help: `usage: concord sessions [--record FILE | --deployment FILE [--rpc URL]]

Lists every session of the Sessions contract, newest last.

options:
${endpointHelp(23)}

example:
  concord sessions`,
  options: { ...endpointOptions },
  positionals: { min: 0, max: 0 },
  async run(rawFlags) {
    const endpoints = await resolveEndpoints(rawFlags, { nats: false });
    const { chain } = await connectEvm(endpoints);
    const count = await chain.publicClient.readContract({
      address: endpoints.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "sessionCount",
    });
    if (count === 0n) {
      console.log("no sessions yet");
      return 0;
    }
    const ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
    const sessions = await Promise.all(ids.map((id) => readSession(chain, { sessionId: id })));
    const rows = sessions.map((s, i) => [
      String(ids[i]),
      sessionStatuses[s.status] ?? `status ${s.status}`,
      `${formatEther(s.bounty)} ETH`,
      s.agentIds.map((a) => `#${a}`).join(","),
      `${s.roundsRecorded}/${s.maxRounds}`,
      s.winnerAgentId === 0n ? "-" : `#${s.winnerAgentId}`,
    ]);
    printTable(["id", "status", "bounty", "agents", "rounds", "winner"], rows);
    return 0;
  },
};

function printTable(header: string[], rows: string[][]) {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c]!)).join("  ").trimEnd();
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}
