// The hot path's JetStream publish on a real nats-server: acks, the stream's dedupe, a subject no
// stream takes, a refusal, an ack that never comes, a closed connection; and no timer or Error left
// per publish once its ack is in.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect, headers, type NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager, StorageType } from "@nats-io/jetstream";
import { publishToStream, publishUntil, StreamPublishError } from "@concord/agent-sdk/agent";
import { agentInboxPrefix } from "@concord/agent-sdk/protocol";
import { startNatsServer } from "@concord/orchestrator/devnet/nats-server.ts";
import type { LocalNatsServer } from "@concord/orchestrator/devnet/nats-server.ts";
import { natsForSuite } from "../support/nats-for-suite.ts";

const data = (text: string) => new TextEncoder().encode(text);
const failure = (kind: StreamPublishError["kind"]) => (error: unknown) => error instanceof StreamPublishError && error.kind === kind;

describe("publishToStream", () => {
  let server: LocalNatsServer;
  let nc: NatsConnection;
  natsForSuite((s, c) => ((server = s), (nc = c)));

  it("resolves with the stream's ack, and a repeated message id is acked as a duplicate, stored once", async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "SP_ACKS", subjects: ["sp.acks.>"], storage: StorageType.Memory });
    const first = await publishToStream(nc, "sp.acks.a", data("one"), { msgID: "m-1", timeoutMs: 2_000 });
    assert.deepEqual(first, { stream: "SP_ACKS", seq: 1, duplicate: false });
    const again = await publishToStream(nc, "sp.acks.a", data("one"), { msgID: "m-1", timeoutMs: 2_000 });
    assert.equal(again.duplicate, true);
    // Headers given by the caller travel with the message, the id added to them.
    const h = headers();
    h.set("X-Signature", "0xabc");
    const second = await publishToStream(nc, "sp.acks.b", data("two"), { msgID: "m-2", headers: h, timeoutMs: 2_000 });
    assert.equal(second.seq, 2);
    const stored = await jsm.streams.getMessage("SP_ACKS", { seq: 2 });
    assert.equal(stored?.header.get("X-Signature"), "0xabc");
    assert.equal(stored?.header.get("Nats-Msg-Id"), "m-2");
    assert.equal((await jsm.streams.info("SP_ACKS")).state.messages, 2);
  });

  it("many publishes at once each get their own ack, in any order", async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "SP_MANY", subjects: ["sp.many.>"], storage: StorageType.Memory });
    const acks = await Promise.all(Array.from({ length: 50 }, (_, i) => publishToStream(nc, `sp.many.${i}`, data(String(i)), { msgID: `many-${i}`, timeoutMs: 2_000 })));
    assert.deepEqual(acks.map((a) => a.seq).sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
    for (const [i, ack] of acks.entries()) {
      assert.equal(new TextDecoder().decode((await jsm.streams.getMessage("SP_MANY", { seq: ack.seq }))!.data), String(i));
    }
  });

  it("fails with no-stream when no stream takes the subject", async () => {
    await assert.rejects(publishToStream(nc, "sp.nowhere.x", data("lost"), { msgID: "n-1", timeoutMs: 2_000 }), failure("no-stream"));
  });

  it("fails with refused, and the stream's code, when the stream will not store the message", async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "SP_SMALL", subjects: ["sp.small"], storage: StorageType.Memory, max_msg_size: 8 });
    await assert.rejects(
      publishToStream(nc, "sp.small", data("far more than eight bytes"), { msgID: "s-1", timeoutMs: 2_000 }),
      (error: unknown) => failure("refused")(error) && (error as StreamPublishError).status === 400 && /message size/i.test((error as Error).message),
    );
  });

  it("fails with timeout when something other than a stream takes the subject and never answers", async () => {
    const silent = nc.subscribe("sp.silent");
    const started = Date.now();
    await assert.rejects(publishToStream(nc, "sp.silent", data("unheard"), { msgID: "t-1", timeoutMs: 300 }), failure("timeout"));
    assert.ok(Date.now() - started >= 300, "not before its time");
    silent.unsubscribe();
  });

  it("keeps no timer once every ack is in, and fails what is awaited when the connection closes", async () => {
    const own = await connect({ servers: server.url });
    const jsm = await jetstreamManager(own);
    await jsm.streams.add({ name: "SP_TIMERS", subjects: ["sp.timers.>"], storage: StorageType.Memory });
    await publishToStream(own, "sp.timers.warm", data("w"), { msgID: "w", timeoutMs: 2_000 });
    // The sweep stops within one period of the last ack.
    await new Promise((resolve) => setTimeout(resolve, 250));
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    for (let i = 0; i < 20; i++) await publishToStream(own, `sp.timers.${i}`, data("x"), { msgID: `x-${i}`, timeoutMs: 2_000 });
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(process.getActiveResourcesInfo().filter((r) => r === "Timeout").length, timersBefore);

    const silent = own.subscribe("sp.closing");
    const pending = publishToStream(own, "sp.closing", data("y"), { msgID: "c-1", timeoutMs: 30_000 });
    await own.flush();
    silent.unsubscribe();
    await own.close();
    await assert.rejects(pending, failure("closed"));
    await assert.rejects(publishToStream(own, "sp.timers.after", data("z"), { msgID: "c-2", timeoutMs: 2_000 }), failure("closed"));
  });
});

describe("publishUntil with credentials that predate agents' own inboxes", () => {
  it("falls back to _INBOX when the user may not read the connection's own inbox prefix, and is acked", async () => {
    // Credentials issued before agents read their own inbox only: subscribe on _INBOX.> alone.
    const old = { user: "agent-old", pass: "old-pass", permissions: { publish: ["sp.old.>"], subscribe: ["_INBOX.>"] } };
    const server = await startNatsServer({ users: [old] });
    const admin = await connect({ servers: server.url, ...server.admin });
    const nc = await connect({ servers: server.url, user: old.user, pass: old.pass, inboxPrefix: agentInboxPrefix("old") });
    try {
      await (await jetstreamManager(admin)).streams.add({ name: "SP_OLD", subjects: ["sp.old.>"], storage: StorageType.Memory });
      const ack = await publishUntil(nc, "sp.old.a", data("answer"), { msgID: "old-1", deadline: Date.now() + 10_000 });
      assert.equal(ack.stream, "SP_OLD");
      // The next publish goes straight to the _INBOX inbox.
      assert.equal((await publishUntil(nc, "sp.old.b", data("again"), { msgID: "old-2", deadline: Date.now() + 10_000 })).seq, 2);
    } finally {
      await nc.close();
      await admin.close();
      await server.stop();
    }
  });
});
