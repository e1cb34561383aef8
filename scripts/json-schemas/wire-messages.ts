// Which zod schema is which message on the wire (NATS payloads, the stack's record, the deployment
// record), and its JSON Schema as docs/schemas/ holds it. The zod modules stay the one source; the
// JSON Schemas are generated from them for implementers in other languages.
import { z } from "zod";
import {
  acceptsReply, acceptsRequest, agentJoinAnswer, agentJoinRequest, attestTask, deploymentSchema, evaluateResult, evaluateTask, failedResult, finaliseRequest,
  heartbeat, proposeResult, proposeTask, relayedBallot, sessionEvent, sessionJob,
} from "@concord/agent-sdk/protocol";
import { devnetRecordSchema } from "@concord/orchestrator/devnet/devnet-record.ts";

export interface WireMessage {
  /** The file under docs/schemas/, without `.schema.json`. */
  name: string;
  /** Where it travels and who sends it (the schema's description). */
  description: string;
  schema: z.core.$ZodType;
}

export const WIRE_MESSAGES: readonly WireMessage[] = [
  { name: "propose-task", schema: proposeTask, description: "orchestrator → agent on nsed.{session}.task.{agent}.propose" },
  { name: "propose-result", schema: proposeResult, description: "agent → orchestrator (JetStream) on nsed.{session}.result.{round}.{agent}.propose" },
  { name: "evaluate-task", schema: evaluateTask, description: "orchestrator → agent on nsed.{session}.task.{agent}.evaluate" },
  {
    name: "evaluate-result", schema: evaluateResult,
    description: "agent → orchestrator (JetStream) on nsed.{session}.result.{round}.{agent}.evaluate, and the same shape on ….attest",
  },
  { name: "attest-task", schema: attestTask, description: "orchestrator → agent on nsed.{session}.task.{agent}.attest (partial rounds only)" },
  {
    name: "failed-result", schema: failedResult,
    description: "agent → orchestrator (JetStream) on nsed.{session}.result.{round}.{agent}.{phase}.failed or ….skipped",
  },
  { name: "relayed-ballot", schema: relayedBallot, description: "agent → relayers (core NATS) on nsed.{session}.relay.{round}.{agent}, after the evaluate deadline" },
  { name: "heartbeat", schema: heartbeat, description: "agent → anyone (core NATS) on nsed.agent.heartbeat.{agent}, every 2 s" },
  { name: "accepts-request", schema: acceptsRequest, description: "submitter → agent, NATS request on nsed.agent.accepts.{agent}" },
  { name: "accepts-reply", schema: acceptsReply, description: "agent → submitter, the reply to an accepts request" },
  { name: "finalise-request", schema: finaliseRequest, description: "submitter → orchestrator on nsed.{session}.control.finalise" },
  { name: "session-job", schema: sessionJob, description: "submitter → orchestrators (JetStream work queue) on nsed.jobs.submit" },
  { name: "session-event", schema: sessionEvent, description: "orchestrator → anyone (JetStream) on nsed.{session}.event.{type}" },
  { name: "agent-join-request", schema: agentJoinRequest, description: "agent → the stack's API, the body of POST /api/agents/join (agent onboarding)" },
  { name: "agent-join-answer", schema: agentJoinAnswer, description: "the stack's API → agent, the answer to POST /api/agents/join: a NATS user JWT" },
  { name: "stack-record", schema: devnetRecordSchema, description: "the local stack's record file (.concord/devnet/devnet.json by default)" },
  { name: "deployment", schema: deploymentSchema, description: "the deployment record: chain id, RPC URL and contract addresses (the stack record's `deployment`)" },
];

/**
 * The JSON Schema of a message as a sender must write it (zod's input side: defaults may be
 * left out). Refinements zod cannot express are carried by the schemas' `pattern` metadata.
 */
export function jsonSchemaOf(message: WireMessage): Record<string, unknown> {
  const { $schema, ...body } = z.toJSONSchema(message.schema, { io: "input", target: "draft-2020-12" });
  return { $schema, $id: `${message.name}.schema.json`, title: message.name, description: message.description, ...body };
}

/** Every file docs/schemas/ should hold, by file name, as the generator writes it. */
export function renderJsonSchemas(): Map<string, string> {
  return new Map(WIRE_MESSAGES.map((m) => [`${m.name}.schema.json`, `${JSON.stringify(jsonSchemaOf(m), null, 2)}\n`]));
}
