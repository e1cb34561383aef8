// `concord session <id>`: a session's transcript: per round the proposals, the score matrix
// (evaluator × proposal votes), scores and winner; the halting line; the payouts.
import { formatEther } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { ConcordError, decimalId, haltingNumbersText, haltReasonText, NO_TASK_FAMILY, sessionStatusCode, sessionStatuses } from "@concord/agent-sdk/protocol";
import { connectEvm, connectNats, endpointHelp, endpointOptions, resolveEndpoints } from "../config/endpoints.ts";
import { UsageError, type Command } from "./command.ts";
import { chainRecord, type ChainRecord } from "./session-record.ts";
import { failureLines, statusText } from "./session-failure.ts";
import { verdict } from "./session-progress.ts";
import { payoutLines } from "../payout-lines.ts";
import { publicTranscript } from "../../state/public-transcript.ts";
import { readStoredSession, type StoredSession } from "../../state/stored-session.ts";
import { printable } from "../printable.ts";

export const sessionCommand: Command = {
  name: "session",
  summary: "show one session's transcript: proposals, score matrix, winner, payouts and why",
  help: `usage: concord session ID [--record FILE | --nats URL --deployment FILE [--rpc URL]]

Prints the session's rounds from the orchestrator's stored transcript (NATS bucket
nsed-session-state) when it is available: each agent's proposal, the score matrix (rows are
evaluators, columns proposals; · where an agent did not score: itself, or an absent one),
scores and winner, the halting line; while the session deliberates, each round's proposals only,
with no author and no ballot. The rounds' scores, winners and levels and the payouts always
come from the chain; each payout is explained by the agent's level per round, written as the
median vote its peers gave it (clamped to ±L), and its quality as a share of the top.

options:
${endpointHelp(23)}

example:
  concord session 1`,
  options: { ...endpointOptions },
  positionals: { min: 1, max: 1, name: "the session id" },
  async run(rawFlags, [idText]) {
    const id = decimalId.safeParse(idText);
    if (!id.success) throw new UsageError(`session id must be a positive whole number, got ${JSON.stringify(idText)}`);
    const endpoints = await resolveEndpoints(rawFlags, { nats: false });
    const { chain } = await connectEvm(endpoints);
    // Ids run 1..sessionCount: ask first, since reading a session that does not exist reverts.
    const count = await chain.publicClient.readContract({ address: chain.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "sessionCount" });
    if (BigInt(id.data) > count) throw new ConcordError("SESSION_NOT_FOUND", sessionNotFound(id.data, count));
    const onChain = await chainRecord(chain, BigInt(id.data));
    if (onChain.session.status === sessionStatusCode("None")) throw new ConcordError("SESSION_NOT_FOUND", sessionNotFound(id.data, count));

    let stored: StoredSession = {};
    let note = "";
    if (endpoints.natsUrl) {
      try {
        const nc = await connectNats(endpoints, "concord-session");
        stored = await readStoredSession(nc, chain.deployment, id.data);
        await nc.close();
      } catch (error) {
        note = `(transcript unavailable: ${(error as Error).message})`;
      }
    } else {
      note = "(transcript unavailable: no NATS server given)";
    }
    // The transcript carries agents' answers and reasons: no control character of theirs is printed.
    for (const line of render(id.data, onChain, stored, note)) console.log(printable(line));
    return 0;
  },
};

function render(id: string, onChain: ChainRecord, stored: StoredSession, note: string): string[] {
  const { session } = onChain;
  // The same shaping the dApp gets from /api/sessions/:id (masks mapped back, self-votes blank).
  const transcript = stored.snapshot && publicTranscript(stored.snapshot, stored.halted);
  const rounds = transcript?.rounds ?? [];
  // NATS names come from the transcript; the chain knows agent ids.
  const storedNames = transcript?.agents ?? rounds[0]?.proposals.map((p, i) => p?.agent ?? `#${session.agentIds[i]}`);
  const names = storedNames ?? session.agentIds.map((a) => `#${a}`);
  const agents = storedNames ? names.map((n, i) => `${n} #${session.agentIds[i]}`) : names;
  const lines = [
    `session ${id}: ${statusText(onChain, sessionStatuses[session.status]!)} · bounty ${formatEther(session.bounty)} ETH · ` +
      `${session.roundsRecorded}/${session.maxRounds} rounds · agents ${agents.join(", ")}`,
  ];
  // Only the family's hash is on chain: the name is whatever hashes to it (taskFamilyId).
  const history = onChain.taskFamily === NO_TASK_FAMILY ? "each agent's history" : `each agent's history in task family ${onChain.taskFamily}`;
  lines.push(`evaluation weights (from ${history}; a vote counts that many times): ${onChain.weights.map((w, i) => `${names[i]} ${w}`).join(", ")}`);
  if (note) lines.push(note);
  const width = Math.max(8, ...names.map((n) => n.length));
  for (const chainRound of onChain.rounds) {
    lines.push("", `── round ${chainRound.round} ── (recorded in tx ${chainRound.txHash})`);
    const local = rounds.find((r) => r.round === chainRound.round);
    const sealed = transcript?.sealed?.find((r) => r.round === chainRound.round);
    if (sealed) {
      lines.push("  proposals (authors and ballots are shown once deliberation ends):");
      sealed.proposals.forEach((p) => lines.push(`    ${oneLine(p.solution)}`));
    }
    if (local) {
      lines.push("  proposals:");
      local.proposals.forEach((p, i) => lines.push(`    ${names[i]!.padEnd(width)}  ${p ? oneLine(p.solution) : "(absent)"}`));
      lines.push("  score matrix (rows: evaluators, columns: proposals):");
      lines.push(`    ${"".padEnd(width)}  ${names.map((n) => n.padStart(width)).join(" ")}`);
      local.votes.forEach((row, e) =>
        lines.push(`    ${names[e]!.padEnd(width)}  ${row.map((v) => (v === null ? "·" : String(v)).padStart(width)).join(" ")}`),
      );
    }
    lines.push(`  scores: ${chainRound.scores.map((s, i) => `${names[i]} ${s}`).join(", ")}`);
    lines.push(`  winner: ${names[chainRound.winnerIndex]}`);
  }
  const now = BigInt(Math.floor(Date.now() / 1000));
  if (onChain.disputableUntil > now) {
    lines.push("", `round ${session.roundsRecorded} was recorded with absent agents: until ${new Date(Number(onChain.disputableUntil) * 1000).toISOString()} ` +
      `anyone may replace it with the version every agent attested (the next round and settlement wait)`);
  }
  if (stored.halted) {
    const h = stored.halted;
    lines.push("", `halted after round ${h.round} (${haltReasonText(h.reason, h.overrun)}): ${verdict(h)}`, `  ${haltingNumbersText(h)}`);
  }
  if (onChain.settled) {
    const winner = session.agentIds.findIndex((a) => a === onChain.settled!.winnerAgentId);
    lines.push("", `settled (tx ${onChain.settled.txHash}): winner ${names[winner]}` +
      (transcript?.final ? `, final answer ${oneLine(transcript.final.answer)}` : ""));
    const { payouts, unearned, fee } = onChain.settled;
    lines.push(...payoutLines({
      names, payouts, unearned, rounds: onChain.rounds, fairVote: onChain.fairVote,
      payoutSuffix: (i) => ` to agent #${session.agentIds[i]}'s royalty recipients`,
    }));
    lines.push(`  protocol fee ${formatEther(fee)} ETH to the treasury`);
  } else {
    const failed = failureLines(onChain, transcript?.failed, now);
    if (failed.length > 0) lines.push("", ...failed);
  }
  return lines;
}

function sessionNotFound(id: string, count: bigint): string {
  return `session ${id} does not exist (${count === 0n ? "no session has been created yet" : count === 1n ? "there is only session 1" : `sessions run 1..${count}`})`;
}

function oneLine(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
