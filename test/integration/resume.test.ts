// Two orchestrator processes share the job queue. The one that owns a session is killed right
// after it saved a completed phase; the other resumes from there and settles the session once,
// without asking the agents again for what was already done.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { Kvm } from "@nats-io/kv";
import { bytesToHex, keccak256, parseEther, stringToBytes } from "viem";
import { buckets, decodeMessage, getRoundRecordedLogs, getSessionSettledLogs, sessionEvent, subjects } from "@concord/agent-sdk/protocol";
import { generateWordProblem, seededRandom } from "@concord/agent-sdk/providers";
import { startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { createSession } from "@concord/orchestrator/chain/actions/index.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { submitJob } from "@concord/orchestrator/jobs/submit-job.ts";
import { sessionSnapshot } from "@concord/orchestrator/state/snapshot.ts";
import { devnetRecordOf, writeDevnetRecord } from "@concord/orchestrator/devnet/devnet-record.ts";

const entry = path.resolve(import.meta.dirname, "../../orchestrator/src/cli/concord.ts");
const ACK_WAIT_MS = 1_500;
const LOCK_TTL_MS = 1_000;

const printed = new Map<string, string[]>();

/** `concord orchestrator` on the stack's record (NATS admin credentials from it), the key from the environment. */
function startOrchestrator(owner: string, record: string): Promise<ChildProcess> {
  printed.set(owner, []);
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
      if (line.includes("ready: taking jobs")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`orchestrator ${owner} exited with ${code} before it was ready`)));
  });
}

describe("an orchestrator killed mid-session", () => {
  let stack: LocalStack;
  const children: ChildProcess[] = [];

  before(async () => {
    stack = await startLocalStack({ jobAckWaitMs: ACK_WAIT_MS });
  });
  after(async () => {
    for (const child of children) child.kill("SIGKILL");
    await stack?.stop();
  });

  it("is replaced by another that resumes from the last completed phase and settles once", async (t) => {
    const dir = await mkdtemp(path.join(tmpdir(), "concord-resume-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const record = path.join(dir, "devnet.json");
    await writeDevnetRecord(record, devnetRecordOf(stack, "resume.test.ts"));
    const owners = new Map<string, ChildProcess>();
    for (const owner of ["orch-a", "orch-b"]) {
      const child = await startOrchestrator(owner, record);
      children.push(child);
      owners.set(owner, child);
    }

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
    const watch = await state.watch({ key: session });
    let killed = "";
    const killer = (async () => {
      for await (const entry of watch) {
        if (entry.operation !== "PUT") continue;
        const snapshot = decodeMessage(sessionSnapshot, entry.value);
        if (snapshot.current?.round === 2 && snapshot.current.evaluated) {
          killed = new TextDecoder().decode((await locks.get(session))!.value);
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
      printed.get(survivor)!.some((line) => line.includes(`resuming session ${session} after round 1 (round 2 in progress)`)),
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
});
