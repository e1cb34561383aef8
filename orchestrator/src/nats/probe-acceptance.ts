// Asks one agent, before a session is created, whether it will answer a task: a request on its
// acceptance subject, answered by the agent from its provider and signed by the key its
// heartbeats announce (docs/protocol.md, "Before a session: the acceptance probe").
import type { NatsConnection } from "@nats-io/transport-node";
import {
  acceptsReply, acceptsRequest, decodeMessage, encodeMessage, SIGNATURE_HEADER, subjects,
} from "@concord/agent-sdk/protocol";
import type { PanelAgent } from "./panel-agent.ts";
import { verifySignedPayload } from "../crypto/known-signers.ts";

export type ProbeAnswer = { accepts: true } | { accepts: false; reason: string };

export async function probeAcceptance(
  nc: NatsConnection, agent: Pick<PanelAgent, "name" | "signer">, task: string, timeoutMs = 3_000,
): Promise<ProbeAnswer> {
  let data: Uint8Array;
  let signature: string | undefined;
  try {
    const reply = await nc.request(subjects.accepts(agent.name), encodeMessage(acceptsRequest, { task }), { timeout: timeoutMs });
    data = reply.data;
    signature = reply.headers?.get(SIGNATURE_HEADER);
  } catch (error) {
    const text = (error as Error).message;
    // No subscriber at all: an agent whose SDK predates the probe, or one not running.
    const why = /no responders|503/i.test(text) ? "nothing answers its acceptance probe (it stopped, or its agent SDK predates the probe)"
      : /timeout/i.test(text) ? `it did not answer its acceptance probe within ${timeoutMs / 1000} s`
      : `its acceptance probe failed: ${text}`;
    return { accepts: false, reason: why };
  }
  try {
    const answer = decodeMessage(acceptsReply, data);
    // Only the key the agent's heartbeats announce may speak for it.
    verifySignedPayload(data, signature, agent.signer);
    if (answer.agent !== agent.name) return { accepts: false, reason: `its probe was answered as ${answer.agent}` };
    return answer.accepts ? { accepts: true } : { accepts: false, reason: answer.reason };
  } catch (error) {
    return { accepts: false, reason: `its answer to the acceptance probe is invalid: ${(error as Error).message}` };
  }
}
