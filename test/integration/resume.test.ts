// Orchestrator processes share the job queue. The one that owns a session is killed (or frozen)
// right after it saved a completed phase; another resumes from there and settles the session once,
// without asking the agents again for what was already done. A frozen owner, woken, sends nothing
// more. A snapshot left under the session's key by another chain's session is not resumed.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { Kvm } from "@nats-io/kv";
import { bytesToHex, keccak256, parseEther, stringToBytes } from "viem";
import { buckets, decodeMessage, getRoundRecordedLogs, getSessionSettledLogs, proposeTask, sessionEvent, subjects } from "@concord/agent-sdk/protocol";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { openSessionStore } from "@concord/orchestrator/state/session-store.ts";
import { generateWordProblem, seededRandom } from "@concord/agent-sdk/providers";
import { startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { createSession } from "@concord/orchestrator/chain/actions/index.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { submitJob } from "@concord/orchestrator/jobs/submit-job.ts";
import { snapshotHead } from "@concord/orchestrator/state/snapshot-entries.ts";
import { sessionKey } from "@concord/orchestrator/state/session-key.ts";
import { devnetRecordOf, writeDevnetRecord } from "@concord/orchestrator/devnet/devnet-record.ts";

const entry = path.resolve(import.meta.dirname, "../../orchestrator/src/cli/concord.ts");
const ACK_WAIT_MS = 1_500;
/** How long each agent takes to answer a task (see before()). */
const AGENT_DELAY_MS = 150;
const LOCK_TTL_MS = 1_000;

const printed = new Map<string, string[]>();
const lineWaiters = new Map<string, { pattern: RegExp; resolve: (line: string) => void }[]>();

/** Resolves with the first line `owner` printed (or prints) that matches `pattern`. */
function printedLine(owner: string, pattern: RegExp): Promise<string> {
  const seen = printed.get(owner)!.find((line) => pattern.test(line));
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve) => lineWaiters.get(owner)!.push({ pattern, resolve }));
}

/** `concord orchestrator` on the stack's record (NATS admin credentials from it), the key from the environment. */
function startOrchestrator(owner: string, record: string): Promise<ChildProcess> {
  printed.set(owner, []);
  lineWaiters.set(owner, []);
  const child = spawn(
    process.execPath,
    [entry, "orchestrator", "--record", record, "--owner", owner, "--lock-ttl-ms", String(LOCK_TTL_MS), "--ack-wait-ms", String(ACK_WAIT_MS)],
    {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, CONCORD_ORCHESTRATOR_KEY: bytesToHex(devnetAccount(0).getHdKey().privateKey!) },
    },
  );
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      printed.get(owner)!.push(line);
      for (const waiter of lineWaiters.get(owner)!.filter((w) => w.pattern.test(line))) waiter.resolve(line);
      if (line.includes("ready: taking jobs")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`orchestrator ${owner} exited with ${code} before it was ready`)));
  });
}

describe("an orchestrator killed mid-session", () => {
  let stack: LocalStack;
  let dir: string;
  let record: string;
  const children: ChildProcess[] = [];
  const owners = new Map<string, ChildProcess>();

  before(async () => {
    // Agents answer after AGENT_DELAY_MS: an owner frozen right after sending a phase's tasks is
    // then frozen while it waits, with nothing of its own left unsent (see the frozen-owner case).
    stack = await startLocalStack({ jobAckWaitMs: ACK_WAIT_MS, agentDelayMs: AGENT_DELAY_MS });
    dir = await mkdtemp(path.join(tmpdir(), "concord-resume-"));
    record = path.join(dir, "devnet.json");
    await writeDevnetRecord(record, devnetRecordOf(stack, "resume.test.ts"));
  });
  after(async () => {
    for (const child of children) child.kill("SIGKILL");
    await stack?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function addOrchestrator(owner: string): Promise<ChildProcess> {
    const child = await startOrchestrator(owner, record);
    children.push(child);
    owners.set(owner, child);
    return child;
  }

  /** A session of `rounds` rounds on a fresh word problem, created on chain (its job not yet queued). */
  async function newSession(seed: string, rounds: number) {
    const problem = generateWordProblem(seededRandom(seed));
    const { sessionId } = await createSession(stack.chain, {
      wallet: stack.submitter,
      taskHash: keccak256(stringToBytes(problem.text)), agentIds: stack.panel.map((a) => a.agentId),
      orchestrator: stack.orchestrator.account.address, minRounds: rounds, maxRounds: rounds, bounty: parseEther("1"),
    });
    return { sessionId, session: sessionId.toString(), task: problem.text };
  }

  /** The event types of a session until it settled or failed. */
  async function eventsUntilEnd(events: AsyncIterable<{ data: Uint8Array }>): Promise<string[]> {
    const seen: string[] = [];
    for await (const msg of events) {
      const event = decodeMessage(sessionEvent, msg.data);
      seen.push(event.type);
      if (event.type === "session-settled" || event.type === "session-failed") break;
    }
    return seen;
  }

  async function chainRecord(sessionId: bigint) {
    const fromBlock = BigInt(stack.deployment.deployedAtBlock);
    const address = stack.deployment.contracts.Sessions;
    const settled = await getSessionSettledLogs(stack.clients.publicClient, { address, sessionId, fromBlock });
    const recorded = await getRoundRecordedLogs(stack.clients.publicClient, { address, sessionId, fromBlock });
    return { settled: settled.length, rounds: recorded.map((e) => e.round) };
  }

  it("is replaced by another that resumes from the last completed phase and settles once", async () => {
    for (const owner of ["orch-a", "orch-b"]) await addOrchestrator(owner);

    // Count every task the agents receive, per round, phase and agent.
    const asked = new Map<string, number>();
    const sniffer = stack.nc.subscribe("nsed.*.task.>");
    void (async () => {
      for await (const msg of sniffer) {
        const [, , , agent, phase] = msg.subject.split(".");
        const round = JSON.parse(new TextDecoder().decode(msg.data)).round as number;
        const key = `${round}.${phase}.${agent}`;
        asked.set(key, (asked.get(key) ?? 0) + 1);
      }
    })();

    const problem = generateWordProblem(seededRandom("resume"));
    const { sessionId } = await createSession(stack.chain, {
      wallet: stack.submitter,
      taskHash: keccak256(stringToBytes(problem.text)), agentIds: stack.panel.map((a) => a.agentId),
      orchestrator: stack.orchestrator.account.address, minRounds: 3, maxRounds: 3, bounty: parseEther("1"),
    });
    const session = sessionId.toString();
    const events = stack.nc.subscribe(subjects.sessionEvents(session));
    await stack.nc.flush();

    // Kill the owner as soon as its snapshot says round 2's evaluations are in, before it records round 2.
    const kvm = new Kvm(stack.nc);
    const state = await kvm.open(buckets.sessionState);
    const locks = await kvm.open(buckets.sessionLocks);
    const key = sessionKey(stack.deployment, session);
    const watch = await state.watch({ key });
    let killed = "";
    const killer = (async () => {
      for await (const entry of watch) {
        if (entry.operation !== "PUT") continue;
        const snapshot = decodeMessage(snapshotHead, entry.value);
        if (snapshot.current?.round === 2 && snapshot.current.evaluated) {
          killed = new TextDecoder().decode((await locks.get(key))!.value);
          owners.get(killed)!.kill("SIGKILL");
          watch.stop();
        }
      }
    })();

    await submitJob(stack.nc, {
      sessionId: session, task: problem.text,
    });
    const seen: string[] = [];
    for await (const msg of events) {
      const event = decodeMessage(sessionEvent, msg.data);
      seen.push(event.type);
      if (event.type === "session-settled" || event.type === "session-failed") break;
    }
    await killer;

    assert.ok(killed, "an owner was killed mid-session");
    const survivor = killed === "orch-a" ? "orch-b" : "orch-a";
    assert.ok(
      // Round 2 is tallied at once after its evaluations are saved (its record goes to the outbox),
      // so the kill may land before or after that save.
      printed.get(survivor)!.some((line) => new RegExp(`resuming session ${session} after round (1 \\(round 2 in progress\\)|2\\b)`).test(line)),
      printed.get(survivor)!.join("\n"),
    );
    assert.equal(seen.at(-1), "session-settled", seen.join(", "));
    const fromBlock = BigInt(stack.deployment.deployedAtBlock);
    const address = stack.deployment.contracts.Sessions;
    const settled = await getSessionSettledLogs(stack.clients.publicClient, { address, sessionId, fromBlock });
    assert.equal(settled.length, 1, "settled exactly once");
    const recorded = await getRoundRecordedLogs(stack.clients.publicClient, { address, sessionId, fromBlock });
    assert.deepEqual(recorded.map((e) => e.round), [1, 2, 3]);
    // Finished phases were not asked again: rounds 1 and 2 went to each agent exactly once.
    for (const round of [1, 2]) {
      for (const phase of ["propose", "evaluate"]) {
        for (const agent of stack.panel.map((a) => a.name)) {
          assert.equal(asked.get(`${round}.${phase}.${agent}`), 1, `round ${round} ${phase} asked of ${agent}`);
        }
      }
    }
  });

  it("is replaced when frozen, and once woken notices it lost the session and sends nothing more", async () => {
    await addOrchestrator("orch-c"); // with the first test's survivor: two running orchestrators
    const { sessionId, session, task } = await newSession("frozen", 3);
    const key = sessionKey(stack.deployment, session);
    const locks = await new Kvm(stack.nc).open(buckets.sessionLocks);
    // Whatever is sent for the session after the frozen owner wakes: tasks to agents, events.
    let woken = false;
    const sentAfterWaking: string[] = [];
    // Freeze the owner (SIGSTOP: its timers, lock refreshes and progress signals stop with it)
    // once round 3's propose tasks are on the wire: it then waits for the agents' answers, so
    // nothing it decided to send while it held the session is still in its buffers.
    let frozen = "";
    let freezing: Promise<void> | undefined;
    const note = (_error: unknown, msg: { subject: string; data: Uint8Array }) => {
      if (woken) sentAfterWaking.push(msg.subject);
      else if (freezing === undefined && msg.subject.endsWith(".propose") && decodeMessage(proposeTask, msg.data).round === 3) {
        freezing = (async () => {
          frozen = new TextDecoder().decode((await locks.get(key))!.value);
          owners.get(frozen)!.kill("SIGSTOP");
        })();
      }
    };
    const taps = [stack.nc.subscribe(`nsed.${session}.task.>`, { callback: note }), stack.nc.subscribe(subjects.sessionEvents(session), { callback: note })];
    const events = stack.nc.subscribe(subjects.sessionEvents(session));
    await stack.nc.flush();

    await submitJob(stack.nc, { sessionId: session, task });
    const seen = await eventsUntilEnd(events);
    await freezing;
    assert.ok(frozen, "the owner was frozen mid-session");
    assert.equal(seen.at(-1), "session-settled", seen.join(", "));
    const resumed = new RegExp(`resuming session ${session} after round (1 \\(round 2 in progress\\)|2\\b)`);
    const successor = [...owners.keys()].find((o) => o !== frozen && printed.get(o)!.some((l) => resumed.test(l)));
    assert.ok(successor, "another orchestrator resumed the session from its snapshot");

    // The successor distributes the royalties after the session, off its path: those are its last transactions.
    await printedLine(successor, new RegExp(`session ${session}: royalties distributed`));
    const orchestrator = stack.orchestrator.account.address;
    const nonce = await stack.clients.publicClient.getTransactionCount({ address: orchestrator, blockTag: "pending" });
    woken = true;
    owners.get(frozen)!.kill("SIGCONT");
    // It says so once it flushed what it sent: anything it published is here by our flush.
    await printedLine(frozen, new RegExp(`lost session ${session}:`));
    await stack.nc.flush();
    taps.forEach((tap) => tap.unsubscribe());
    assert.deepEqual(sentAfterWaking, [], "nothing sent for the session after waking");
    assert.equal(await stack.clients.publicClient.getTransactionCount({ address: orchestrator, blockTag: "pending" }), nonce, "no transaction after waking");
    assert.deepEqual(await chainRecord(sessionId), { settled: 1, rounds: [1, 2, 3] });
  });

  it("loses nothing when killed after a round is tallied and before its record lands: the successor sends it, in order, once", async () => {
    const { sessionId, session, task } = await newSession("outbox", 2);
    const key = sessionKey(stack.deployment, session);
    const kvm = new Kvm(stack.nc);
    const [state, locks] = [await kvm.open(buckets.sessionState), await kvm.open(buckets.sessionLocks)];
    const events = stack.nc.subscribe(subjects.sessionEvents(session));
    await stack.nc.flush();
    // No block is mined: a record sent stays pending, so round 1 is tallied and saved with no
    // record, and round 2 runs meanwhile (rounds do not wait on the chain).
    const node = stack.clients.publicClient;
    await node.request({ method: "evm_setAutomine" as never, params: [false] as never });
    const watch = await state.watch({ key });
    let killed = "";
    let roundsOnChainAtKill = -1;
    const killer = (async () => {
      for await (const entry of watch) {
        if (entry.operation !== "PUT") continue;
        const snapshot = decodeMessage(snapshotHead, entry.value);
        if (snapshot.rounds.length >= 1 && snapshot.rounds[0]!.onChain === undefined && snapshot.current?.round === 2) {
          killed = new TextDecoder().decode((await locks.get(key))!.value);
          owners.get(killed)!.kill("SIGKILL");
          watch.stop();
          roundsOnChainAtKill = (await node.readContract({ address: stack.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "getSession", args: [sessionId] })).roundsRecorded;
          // Mining again: whatever the killed owner sent may land, or not; the successor must cope.
          await node.request({ method: "evm_setAutomine" as never, params: [true] as never });
          await node.request({ method: "evm_mine" as never, params: [] as never });
        }
      }
    })();
    await submitJob(stack.nc, { sessionId: session, task });
    const seen = await eventsUntilEnd(events);
    await killer;
    assert.ok(killed, "the owner was killed with round 1's record unsent or pending");
    assert.equal(roundsOnChainAtKill, 0, "round 2 ran while round 1 was not on chain");
    assert.equal(seen.at(-1), "session-settled", seen.join(", "));
    const successor = [...owners.keys()].find((o) => o !== killed && printed.get(o)!.some((l) => l.includes(`resuming session ${session} after round 1`)));
    assert.ok(successor, "another orchestrator resumed the session");
    assert.match(printed.get(successor)!.find((l) => l.includes(`resuming session ${session}`))!, /1 round record\(s\) to send first/);
    assert.deepEqual(await chainRecord(sessionId), { settled: 1, rounds: [1, 2] });
  });

  it("does not resume a snapshot that another chain's session left under the same key", async () => {
    const count = await stack.clients.publicClient.readContract({ address: stack.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "sessionCount" });
    const next = String(count + 1n);
    // What NATS still holds after the devnet was started afresh: the old session `next`, failed
    // after five rounds. Resuming it would announce a halt that never happened on this chain.
    await (await openSessionStore(stack.nc, stack.deployment)).save({
      version: 2, sessionId: next, startedAt: 1, task: "the old chain's task", agents: stack.panel.map((a) => a.name),
      origin: { taskHash: `0x${"11".repeat(32)}`, submitter: stack.submitter.account.address, deadline: "1", agentIds: stack.panel.map((a) => String(a.agentId)) },
      rounds: [], halting: { round: 5, agreement: 1, confidence: 1, gain: 0, cost: 0, stop: "max-rounds" }, failed: "the old chain's session failed",
    });
    const { sessionId, session, task } = await newSession("stale", 2);
    assert.equal(session, next);
    const events = stack.nc.subscribe(subjects.sessionEvents(session));
    await stack.nc.flush();
    await submitJob(stack.nc, { sessionId: session, task });
    const seen = await eventsUntilEnd(events);
    assert.equal(seen.at(-1), "session-settled", seen.join(", "));
    assert.ok(
      [...printed.values()].some((lines) => lines.some((l) => l.includes(`ignoring the stored snapshot of session ${session}: its task hash`))),
      "the worker said why it ignored the snapshot",
    );
    assert.deepEqual(await chainRecord(sessionId), { settled: 1, rounds: [1, 2] });
  });

  it("killed right after sending a phase's tasks, is replaced by one that asks the same again: same masks, same feedback, one signed answer per agent and phase", async () => {
    // Three running orchestrators: the owner dies twice, and a third finishes the session.
    for (const owner of ["orch-d", "orch-e"]) await addOrchestrator(owner);
    const { sessionId, session, task } = await newSession("asked-again", 3);
    const linesBefore = new Map([...printed].map(([owner, lines]) => [owner, lines.length]));
    const key = sessionKey(stack.deployment, session);
    const locks = await new Kvm(stack.nc).open(buckets.sessionLocks);
    // Every task's content without its deadline (a phase asked again carries a later one), and every answer.
    const contents = new Map<string, Set<string>>();
    const answers = new Map<string, Set<string>>();
    const add = (map: Map<string, Set<string>>, key: string, value: string) => map.set(key, (map.get(key) ?? new Set()).add(value));
    // Whom to kill is known before the moment comes, so each kill leaves at once: first the owner
    // (its lock, read as round 1 starts), then whoever says it resumed the session.
    const kills: Promise<string>[] = [];
    const known = (found: Promise<string>) => {
      const holder: { name?: string; found: Promise<string> } = { found };
      void found.then((name) => (holder.name = name));
      return holder;
    };
    const kill = (victim: { name?: string; found: Promise<string> }) => {
      const killing = (who: string) => {
        owners.get(who)!.kill("SIGKILL");
        owners.delete(who);
        return who;
      };
      kills.push(victim.name ? Promise.resolve(killing(victim.name)) : victim.found.then(killing));
    };
    let firstOwner: ReturnType<typeof known> | undefined;
    let successor: ReturnType<typeof known> | undefined;
    const resumer = () => Promise.race([...owners.keys()].map((o) => printedLine(o, new RegExp(`resuming session ${session} after`)).then(() => o)));
    const tasks = stack.nc.subscribe(`nsed.${session}.task.>`, {
      callback: (_error, msg) => {
        const [, , , agent, phase] = msg.subject.split(".");
        const { deadline: _deadline, ...content } = JSON.parse(new TextDecoder().decode(msg.data)) as { round: number; deadline: number };
        const at = `${content.round}.${phase}.${agent}`;
        add(contents, at, JSON.stringify(content));
        firstOwner ??= known(locks.get(key).then((entry) => new TextDecoder().decode(entry!.value)));
        // The owner dies as round 2's masked candidates go out (its successor evaluates again),
        // then its successor as round 3's proposals with feedback go out (asked again too).
        const first = contents.get(at)!.size === 1 && [...contents.keys()].filter((k) => k.startsWith(`${content.round}.${phase}.`)).length === 1;
        if (first && content.round === 2 && phase === "evaluate" && kills.length === 0) {
          kill(firstOwner);
          successor = known(resumer());
        }
        if (first && content.round === 3 && phase === "propose" && kills.length === 1) kill(successor!);
      },
    });
    const results = stack.nc.subscribe(subjects.sessionResults(session), {
      callback: (_error, msg) => {
        const [, , , round, agent, phase] = msg.subject.split(".");
        add(answers, `${round}.${phase}.${agent}`, bytesToHex(msg.data));
      },
    });
    const events = stack.nc.subscribe(subjects.sessionEvents(session));
    await stack.nc.flush();

    await submitJob(stack.nc, { sessionId: session, task });
    const seen = await eventsUntilEnd(events);
    const killed = await Promise.all(kills);
    await stack.nc.flush();
    tasks.unsubscribe();
    results.unsubscribe();

    assert.equal(killed.length, 2, "the owner was killed twice");
    assert.equal(seen.at(-1), "session-settled", seen.join(", "));
    assert.deepEqual(await chainRecord(sessionId), { settled: 1, rounds: [1, 2, 3] });
    for (const agent of stack.panel.map((a) => a.name)) {
      for (const at of [`2.evaluate.${agent}`, `3.propose.${agent}`]) assert.ok(contents.has(at), `${at} asked`);
    }
    for (const [at, asked] of contents) assert.equal(asked.size, 1, `${at}: asked ${asked.size} different things`);
    for (const [at, signed] of answers) assert.equal(signed.size, 1, `${at}: ${signed.size} different signed answers`);
    // What the orchestrators printed during this session, the killed ones included.
    const lines = [...printed].flatMap(([owner, all]) => all.slice(linesBefore.get(owner) ?? 0));
    assert.ok(lines.some((l) => l.includes(`resuming session ${session} after round 1 (round 2 in progress)`)), "round 2 was resumed mid-round");
    assert.ok(lines.some((l) => l.includes(`resuming session ${session} after round 2`)), "round 3 was resumed");
    assert.ok(!lines.some((l) => l.includes("equivocation")), lines.join("\n"));
  });

  it("does not outlive its wrapper: killing `npm run concord orchestrator` stops the orchestrator too", { timeout: 30_000 }, async () => {
    const wrapper = spawn(
      "npm", ["run", "--silent", "concord", "--", "orchestrator", "--record", record, "--lock-ttl-ms", String(LOCK_TTL_MS), "--ack-wait-ms", String(ACK_WAIT_MS)],
      {
        cwd: path.resolve(import.meta.dirname, "../.."), stdio: ["ignore", "pipe", "inherit"],
        env: { ...process.env, CONCORD_ORCHESTRATOR_KEY: bytesToHex(devnetAccount(0).getHdKey().privateKey!) },
      },
    );
    children.push(wrapper);
    const lines: string[] = [];
    const output = createInterface({ input: wrapper.stdout! });
    // The default owner name ends in the orchestrator's own pid.
    const ready = new Promise<number>((resolve) => output.on("line", (line) => {
      lines.push(line);
      const match = /^orchestrator \S+-(\d+) ready/.exec(line);
      if (match) resolve(Number(match[1]));
    }));
    const closed = new Promise<void>((resolve) => output.once("close", () => resolve()));
    const pid = await ready;
    assert.notEqual(pid, wrapper.pid, "the orchestrator runs in a process of its own under the wrapper");
    wrapper.kill("SIGKILL");
    // The output closes once every process that holds it, the orchestrator among them, is gone.
    await closed;
    assert.throws(() => process.kill(pid, 0), { code: "ESRCH" });
    assert.ok(lines.some((line) => line.includes("the process that started it is gone; stopping")), lines.join("\n"));
  });
});
