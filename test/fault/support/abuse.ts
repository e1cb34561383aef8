// What one agent's NATS user can throw at the others: heartbeats forged in another agent's name
// (on its own subject, and on the victim's, which the server refuses), a heartbeat flood, and
// junk on its own result subjects.
import { connect, headers } from "@nats-io/transport-node";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { encodeMessage, heartbeat, SIGNATURE_HEADER, signPayload, subjects } from "@concord/agent-sdk/protocol";
import type { NatsPasswordAuth as NatsAuth } from "@concord/orchestrator/devnet/nats-server.ts";

export async function abuse(urls: string[], auth: NatsAuth, options: { as: string; victim: string; sessionId: string; floodBeats: number }): Promise<string[]> {
  const nc = await connect({ servers: urls, ...auth, name: `abuser-${options.as}` });
  const key = privateKeyToAccount(generatePrivateKey());
  const done: string[] = [];
  const beat = async (agent: string, status: "ready" | "stopping") => {
    const data = encodeMessage(heartbeat, { agent, signer: key.address, modelId: "m", status, at: Date.now() });
    const h = headers();
    h.set(SIGNATURE_HEADER, await signPayload(key, data));
    return { data, h };
  };
  const forged = await beat(options.victim, "stopping");
  nc.publish(subjects.heartbeat(options.as), forged.data, { headers: forged.h });
  done.push(`a signed "stopping" beat naming ${options.victim} on its own subject`);
  const own = await beat(options.as, "ready");
  for (let i = 0; i < options.floodBeats; i++) nc.publish(subjects.heartbeat(options.as), own.data, { headers: own.h });
  done.push(`${options.floodBeats} heartbeats flooded`);
  for (const round of [1, 2]) {
    for (const phase of ["propose", "evaluate", "attest"] as const) {
      nc.publish(subjects.result(options.sessionId, round, options.as, phase), new TextEncoder().encode("{not json"));
      nc.publish(subjects.result(options.sessionId, round, options.as, phase), encodeMessage(heartbeat, { agent: options.as, signer: key.address, modelId: "m", status: "ready", at: Date.now() }));
    }
  }
  done.push("12 junk results on its own result subjects");
  // Refused by the server (permissions): nothing reaches anyone.
  nc.publish(subjects.heartbeat(options.victim), forged.data, { headers: forged.h });
  nc.publish(subjects.result(options.sessionId, 1, options.victim, "propose"), new TextEncoder().encode("{}"));
  done.push(`a forged beat and a result on ${options.victim}'s own subjects (refused by the server)`);
  await nc.flush().catch(() => {});
  await nc.close();
  return done;
}
