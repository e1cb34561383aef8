// Liveness from heartbeats on a real nats-server: a beat speaks only for the agent whose subject it
// came on and, when the caller names the key it knows the agent by, only if that key signed it; a
// flood from one subject is dropped before it is parsed or verified.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect, headers, type NatsConnection } from "@nats-io/transport-node";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { startNatsServer, type LocalNatsServer } from "@concord/orchestrator/devnet/nats-server.ts";
import { trackLiveness, type LivenessTracker } from "@concord/orchestrator/nats/liveness.ts";
import { lookupHeartbeats } from "@concord/orchestrator/nats/heartbeat-directory.ts";
import { encodeMessage, heartbeat, type Heartbeat, SIGNATURE_HEADER, signPayload, subjects } from "@concord/agent-sdk/protocol";

describe("liveness from heartbeats", () => {
  let server: LocalNatsServer;
  let nc: NatsConnection;
  let tracker: LivenessTracker;
  const heard: Heartbeat[] = [];
  const waiters: { agent: string; status: string; resolve: () => void }[] = [];
  const bob = privateKeyToAccount(generatePrivateKey());
  const mallory = privateKeyToAccount(generatePrivateKey());

  /** A signed heartbeat from `key` claiming `agent`, published on `onSubjectOf`'s subject. */
  async function beat(key: PrivateKeyAccount, agent: string, status: Heartbeat["status"], onSubjectOf = agent) {
    const data = encodeMessage(heartbeat, { agent, signer: key.address, modelId: "m", status, at: Date.now() });
    const h = headers();
    h.set(SIGNATURE_HEADER, await signPayload(key, data));
    nc.publish(subjects.heartbeat(onSubjectOf), data, { headers: h });
  }
  /** Resolves once the tracker has taken a beat of `agent` with `status`. */
  const taken = (agent: string, status: string) => new Promise<void>((resolve) => waiters.push({ agent, status, resolve }));

  before(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    tracker = trackLiveness(nc, {
      onHeartbeat: (b) => {
        heard.push(b);
        for (const w of waiters.filter((w) => w.agent === b.agent && w.status === b.status)) w.resolve();
      },
    });
    await nc.flush();
  });
  after(async () => {
    tracker?.close();
    await nc?.drain();
    await server?.stop();
  });

  it("ignores a beat naming another agent than its subject's: nobody can say bob is stopping but bob", async () => {
    const alive = taken("bob", "ready");
    await beat(bob, "bob", "ready");
    await alive;
    const sentinel = taken("mallory", "ready");
    await beat(mallory, "bob", "stopping", "mallory");
    await beat(mallory, "mallory", "ready");
    await sentinel;
    assert.equal(tracker.of("bob").state, "alive");
    assert.ok(!heard.some((b) => b.signer === mallory.address && b.agent === "bob"));
  });

  it("does not vouch for an agent whose beats another key signs than the one the caller knows", () => {
    assert.equal(tracker.of("bob", undefined, bob.address).state, "alive");
    assert.equal(tracker.of("bob", undefined, mallory.address).state, "unknown");
  });

  it("takes a handful of beats from a flooding subject and drops the rest unverified", async () => {
    const before = heard.filter((b) => b.agent === "flood").length;
    const flooder = privateKeyToAccount(generatePrivateKey());
    const data = encodeMessage(heartbeat, { agent: "flood", signer: flooder.address, modelId: "m", status: "ready", at: Date.now() });
    const h = headers();
    h.set(SIGNATURE_HEADER, await signPayload(flooder, data));
    for (let i = 0; i < 2_000; i++) nc.publish(subjects.heartbeat("flood"), data, { headers: h });
    const sentinel = taken("sentinel", "ready");
    await beat(privateKeyToAccount(generatePrivateKey()), "sentinel", "ready");
    await sentinel;
    const taken_ = heard.filter((b) => b.agent === "flood").length - before;
    assert.ok(taken_ >= 1 && taken_ <= 10, `${taken_} of 2 000 flooded beats were verified`);
  });

  describe("lookupHeartbeats (one tracker per connection)", () => {
    it("answers at once from beats already heard, once the connection has been listened to", async () => {
      const carol = privateKeyToAccount(generatePrivateKey());
      // The first question starts the connection's tracker: it waits for carol's beat.
      const first = lookupHeartbeats(nc, 5_000, (h) => h.has("carol"));
      await beat(carol, "carol", "ready");
      assert.equal((await first).get("carol")?.signer, carol.address);
      // Asked again: answered from what was heard, before any later beat arrives.
      const again = lookupHeartbeats(nc, 5_000, (h) => h.has("carol"));
      const later = taken("frank", "ready");
      await beat(privateKeyToAccount(generatePrivateKey()), "frank", "ready");
      assert.equal(await Promise.race([again.then(() => "answered"), later.then(() => "a later beat came first")]), "answered");
      assert.equal((await again).get("carol")?.signer, carol.address);
    });

    it("says an agent is not heard once it has listened for the window, and drops one that said it is stopping", async () => {
      const dave = privateKeyToAccount(generatePrivateKey());
      const live = taken("dave", "ready");
      await beat(dave, "dave", "ready");
      await live;
      const stopping = taken("dave", "stopping");
      await beat(dave, "dave", "stopping");
      await stopping;
      // The window is shorter than the time this connection has been listened to: no wait at all.
      const heardNow = await lookupHeartbeats(nc, 1, (h) => h.has("nobody"));
      assert.equal(heardNow.has("nobody"), false);
      // `enough` holds at once: the view as it stands, with dave's beats in its window.
      assert.equal((await lookupHeartbeats(nc, 60_000, () => true)).has("dave"), false, "a stopping agent is not live");
    });

    it("ignores a beat claiming another agent's name, as the tracker does", async () => {
      const erin = privateKeyToAccount(generatePrivateKey());
      const sentinel = taken("mallory", "ready");
      await beat(erin, "erin", "ready", "mallory");
      await beat(mallory, "mallory", "ready");
      await sentinel;
      const view = await lookupHeartbeats(nc, 60_000, () => true);
      assert.equal(view.has("mallory"), true);
      assert.equal(view.has("erin"), false);
    });
  });
});
