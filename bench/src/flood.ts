// Abuse from one agent's NATS user, measured: sessions of an honest panel run through the job
// queue on one `concord orchestrator` process while another agent (mallory, with only its own
// user and subjects) floods its heartbeat subject and its own result subjects with junk. Reports
// the sessions' durations and the orchestrator's CPU quiet and under each flood, and the ratio:
// the bound docs/security.md states. Writes the flood section of docs/benchmarks.md.
// Run: npm run bench:flood [-- --sessions 12 --beats 1000,10000 --junk 200]
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { connect, headers } from "@nats-io/transport-node";
import { bytesToHex, keccak256, parseEther, stringToBytes } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { natsAuthOptions, runAgent, type RunningAgent } from "@concord/agent-sdk/agent";
import { decodeMessage, DEFAULT_SESSION_SECONDS, encodeMessage, heartbeat, SIGNATURE_HEADER, sessionEvent, signPayload, streams, subjects } from "@concord/agent-sdk/protocol";
import { createSession, registerAgent } from "@concord/orchestrator/chain/actions/index.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { devnetRecordOf, writeDevnetRecord } from "@concord/orchestrator/devnet/devnet-record.ts";
import { startDevnet } from "@concord/orchestrator/devnet/local-stack.ts";
import { submitJob } from "@concord/orchestrator/jobs/submit-job.ts";
import { awaitAgentsReady } from "@concord/orchestrator/nats/await-agents.ts";
import { writeSection } from "./doc-section.ts";
import { INSTANT_MODEL_ID, instantAgent } from "./instant-agent.ts";
import { machineLine } from "./machine.ts";
import { orchestratorFleet } from "./orchestrator-fleet.ts";
import { cpuByRole, cpuSince } from "./process-cpu.ts";
import { summarize } from "./stats.ts";

const { values } = parseArgs({
  options: {
    sessions: { type: "string", default: "12" },
    beats: { type: "string", default: "1000,10000" },
    junk: { type: "string", default: "200" },
  },
});
const SESSIONS = Number(values.sessions);
const FLOODS = values.beats.split(",").map(Number);
const JUNK_PER_S = Number(values.junk);
const ROUNDS = 2;
const root = path.resolve(import.meta.dirname, "../..");
const entry = path.join(root, "orchestrator/src/cli/concord.ts");
const TASK = "A baker fills 12 trays with 18 rolls each and sells all but 25 rolls. How many rolls are sold? Give the number.";
const log = (line: string) => console.log(`[bench:flood] ${line}`);
const panelNames = ["flood-ada", "flood-bram", "flood-chloe"];
const ABUSER = "flood-mallory";

interface Condition {
  name: string;
  beatsPerS: number;
  durations: number[];
  failed: number;
  /** Heartbeats mallory actually sent, and the time its sessions ran: the rate achieved. */
  sent: number;
  wallMs: number;
  /** CPU the orchestrator process used during this condition's sessions. */
  cpuSeconds: number;
}

const devnet = await startDevnet({ agentNames: [...panelNames, ABUSER] });
const running: RunningAgent[] = [];
const fleet = orchestratorFleet(entry, log);
const dir = await mkdtemp(path.join(os.tmpdir(), "concord-flood-"));
const conditions: Condition[] = [];
const t0 = performance.now();
try {
  const record = path.join(dir, "devnet.json");
  await writeDevnetRecord(record, devnetRecordOf(devnet, "bench:flood"));
  const agentIds: bigint[] = [];
  for (const [i, name] of panelNames.entries()) {
    const account = privateKeyToAccount(generatePrivateKey());
    running.push(await runAgent(instantAgent(name), {
      natsServers: devnet.nats.url, natsAuth: devnet.natsAuthFor(name), account,
      sessions: { chainId: devnet.deployment.chainId, address: devnet.deployment.contracts.Sessions },
    }));
    agentIds.push((await registerAgent(devnet.chain, { wallet: devnet.clients.walletFor(devnetAccount(1 + i)), signer: account, modelId: INSTANT_MODEL_ID })).agentId);
  }
  await awaitAgentsReady(devnet.nc, panelNames);
  const orchestrator = await fleet.start({
    owner: "bench-flood", privateKey: bytesToHex(devnetAccount(5).getHdKey().privateKey!), record, concurrency: 1,
  });

  // Session ends, as the app sees them.
  const ends = new Map<string, (failed: boolean) => void>();
  const feed = devnet.nc.subscribe(streams.events.subjects[0]);
  void (async () => {
    for await (const msg of feed) {
      const event = decodeMessage(sessionEvent, msg.data);
      if (event.type === "session-settled" || event.type === "session-failed") ends.get(event.sessionId)?.(event.type === "session-failed");
    }
  })();

  // mallory: its own user, a valid signature on every beat (the costliest kind to refuse late).
  const abuser = await connect({ servers: devnet.nats.url, ...natsAuthOptions(devnet.natsAuthFor(ABUSER)) });
  const key = privateKeyToAccount(generatePrivateKey());
  const beat = encodeMessage(heartbeat, { agent: ABUSER, signer: key.address, modelId: "m", status: "ready", at: Date.now() });
  const beatHeaders = headers();
  beatHeaders.set(SIGNATURE_HEADER, await signPayload(key, beat));
  const junk = new TextEncoder().encode(JSON.stringify({ junk: "x".repeat(2_000) }));

  /** Floods at `beatsPerS` (and JUNK_PER_S junk results on the current session) in 10 ms ticks until stopped. */
  function flood(beatsPerS: number, session: () => string) {
    let sent = 0;
    let tick = 0;
    const start = performance.now();
    const timer = setInterval(() => {
      tick++;
      const elapsed = (performance.now() - start) / 1000;
      for (; sent < beatsPerS * elapsed; sent++) abuser.publish(subjects.heartbeat(ABUSER), beat, { headers: beatHeaders });
      if (tick % Math.max(1, Math.round(100 / JUNK_PER_S)) === 0) {
        for (let j = 0; j < Math.max(1, JUNK_PER_S / 100); j++) abuser.publish(subjects.result(session(), 1, ABUSER, "propose"), junk);
      }
    }, 10);
    return { stop: () => (clearInterval(timer), sent) };
  }

  /** One session, with mallory flooding at `beatsPerS` (0: quiet) from before its job to its end. */
  async function one(condition: Condition): Promise<void> {
    const deadline = (await devnet.chain.publicClient.getBlock()).timestamp + DEFAULT_SESSION_SECONDS;
    const { sessionId } = await createSession(devnet.chain, {
      deadline,
      wallet: devnet.submitter, taskHash: keccak256(stringToBytes(TASK)), agentIds,
      orchestrator: devnet.orchestrator.account.address, minRounds: ROUNDS, maxRounds: ROUNDS, bounty: parseEther("0.001"),
    });
    const id = sessionId.toString();
    const ended = new Promise<boolean>((resolve) => ends.set(id, resolve));
    const cpuBefore = cpuByRole();
    const flooding = condition.beatsPerS > 0 ? flood(condition.beatsPerS, () => id) : undefined;
    const submitted = performance.now();
    await submitJob(devnet.nc, { sessionId: id, task: TASK, effort: 1 }, { scope: devnet.deployment, deadline });
    const failed = await ended;
    const took = performance.now() - submitted;
    condition.sent += flooding?.stop() ?? 0;
    condition.wallMs += took;
    condition.cpuSeconds += cpuSince(cpuBefore).get("orchestrators") ?? 0;
    if (failed) condition.failed++;
    else condition.durations.push(took);
  }

  const fresh = (name: string, beatsPerS: number): Condition => ({ name, beatsPerS, durations: [], failed: 0, sent: 0, wallMs: 0, cpuSeconds: 0 });
  for (let i = 0; i < 3; i++) await one(fresh("warm-up", 0)); // JIT, connections, first key recoveries: not reported
  conditions.push(fresh("quiet", 0), ...FLOODS.map((beats) => fresh(`${beats} beats/s + ${JUNK_PER_S} junk results/s`, beats)));
  // Interleaved, session by session, so drift of the machine (JIT, other load) falls on every condition alike.
  for (let i = 0; i < SESSIONS; i++) for (const condition of conditions) await one(condition);
  for (const c of conditions) {
    const s = summarize(c.durations);
    log(`${c.name}: session p50 ${s.p50.toFixed(0)} ms, max ${s.max.toFixed(0)} ms, ${c.failed} failed, ${Math.round(c.sent / (c.wallMs / 1000))} beats/s sent, orchestrator CPU ${Math.round(100 * c.cpuSeconds / (c.wallMs / 1000))}%`);
  }
  feed.unsubscribe();
  await abuser.close();
  await fleet.stop(orchestrator);
} finally {
  await fleet.stopAll();
  await Promise.allSettled(running.map((a) => a.stop()));
  await devnet.stop();
  await rm(dir, { recursive: true, force: true });
}

const quiet = summarize(conditions[0]!.durations);
const rows = conditions.map((c) => {
  const s = summarize(c.durations);
  const seconds = c.wallMs / 1000;
  return `| ${c.name} | ${Math.round(c.sent / seconds)} | ${c.durations.length} settled, ${c.failed} failed | ${s.p50.toFixed(0)} ms | ${s.max.toFixed(0)} ms | ×${(s.p50 / quiet.p50).toFixed(2)} | ${Math.round((100 * c.cpuSeconds) / seconds)}% |`;
});
const worst = conditions.slice(1).reduce((a, c) => (summarize(c.durations).p50 > summarize(a.durations).p50 ? c : a), conditions[1]!);
const headline = conditions.slice(1).map((c) =>
  `flood ${c.beatsPerS} beats/s from one agent: session p50 ${summarize(c.durations).p50.toFixed(0)} ms vs ${quiet.p50.toFixed(0)} ms quiet (×${(summarize(c.durations).p50 / quiet.p50).toFixed(2)}), ${c.failed} of ${SESSIONS} failed`);
const body = [
  "## Flood: one agent's heartbeats and junk results against other sessions",
  "",
  `Written by \`npm run bench:flood -- --sessions ${SESSIONS} --beats ${FLOODS.join(",")} --junk ${JUNK_PER_S}\` on ${new Date().toISOString().slice(0, 10)}, ${machineLine()}; whole run ${((performance.now() - t0) / 1000).toFixed(0)} s.`,
  "",
  `One \`concord orchestrator\` process (concurrency 1) runs ${SESSIONS} sessions of ${ROUNDS} rounds per condition, one after another and`,
  "interleaved (quiet, then each flood, then quiet again…), for a panel of three",
  "instant agents, while a fourth agent with only its own NATS user publishes validly signed heartbeats on its own subject",
  `and ${JUNK_PER_S} junk results/s on its own result subjects of the running session. A session's time is from its job's submission`,
  "to its `session-settled` event.",
  "",
  "```",
  ...headline,
  "```",
  "",
  "| condition | beats/s sent | sessions | session p50 | session max | p50 vs quiet | orchestrator CPU |",
  "|---|---|---|---|---|---|---|",
  ...rows,
  "",
  `The worst flood measured (${worst.name}) slowed a session's median by ×${(summarize(worst.durations).p50 / quiet.p50).toFixed(2)}.`,
];
await writeSection("flood", body.join("\n"));
console.log(body.join("\n"));
