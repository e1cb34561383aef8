// Answers the acceptance probe (`nsed.agent.accepts.{agent}`): before a session is created, a
// submitter asks each chosen agent whether it will answer the task, and the agent answers from
// its provider (AgentDefinition.accepts), signed with its key like its heartbeats.
import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import type { LocalAccount } from "viem";
import { subjects } from "../protocol/subjects.ts";
import { acceptsReply, acceptsRequest, decodeMessage, encodeMessage, type AcceptsReply } from "../protocol/schemas.ts";
import { signedHeaders } from "./signed-headers.ts";
import type { AgentDefinition } from "./define-agent.ts";
import { publicReason } from "./build-results.ts";

/** A reply subject a prober's request may name: an inbox (`_INBOX.…`, or a prefix of its own `_INBOX_….…`). */
const INBOX = /^_INBOX(_[A-Za-z0-9_-]+)?\./;

/** Subscribes to the agent's probe subject; unsubscribe the result to stop answering. */
export function answerAcceptanceProbes(
  nc: NatsConnection, agent: AgentDefinition, account: LocalAccount, log: (line: string) => void,
): Subscription {
  const sub = nc.subscribe(subjects.accepts(agent.name));
  void (async () => {
    for await (const msg of sub) {
      // Only to an inbox: the agent's user may answer a request wherever its reply subject points
      // (allow_responses), so a prober naming a stream's, a bucket's or another agent's subject
      // would otherwise have the agent write its signed reply there.
      if (!msg.reply || !INBOX.test(msg.reply)) {
        if (msg.reply) log(`[${agent.name}] ignored a probe whose reply subject ${msg.reply} is no inbox`);
        continue;
      }
      let reply: AcceptsReply;
      try {
        const { task } = decodeMessage(acceptsRequest, msg.data);
        const down = await providerDown(agent);
        const answer = down ? { accepts: false as const, reason: down } : agent.accepts ? await agent.accepts(task) : { accepts: true as const };
        reply = answer.accepts ? { agent: agent.name, accepts: true } : { agent: agent.name, accepts: false, reason: answer.reason.slice(0, 500) || "declined" };
      } catch (error) {
        // A malformed probe or a failing check: say no, with why, rather than leave the asker waiting.
        reply = { agent: agent.name, accepts: false, reason: `could not check the task: ${(error as Error).message}`.slice(0, 500) };
      }
      const data = encodeMessage(acceptsReply, reply);
      msg.respond(data, { headers: await signedHeaders(account, data) });
      if (!reply.accepts) log(`[${agent.name}] declined a task when asked: ${reply.reason}`);
    }
  })();
  return sub;
}

/** Why the agent's model server does not answer now, or undefined when it does (or cannot tell). */
async function providerDown(agent: AgentDefinition): Promise<string | undefined> {
  if (!agent.checkProvider) return undefined;
  try {
    await agent.checkProvider();
    return undefined;
  } catch (error) {
    // Read by whoever probes: the server's address stays with the operator.
    return `its model's server does not answer: ${publicReason(error instanceof Error ? error.message : String(error))}`;
  }
}
