// The Agent SDK: define an agent (propose, evaluate) and run it against a Concord NATS server.
export {
  defineAgent, skip, type Acceptance, type AgentDefinition, type CandidateAssessment, type EvaluateContext, type EvaluationAnswer,
  type ProposalAnswer, type ProposeContext, type SolveAnswer, type SolveContext,
} from "./define-agent.ts";
export { MAX_TASKS_IN_FLIGHT, runAgent, type RunAgentOptions, type RunningAgent } from "./run-agent.ts";
export { UNANIMOUS_JUSTIFICATION, unanimousEvaluation } from "./unanimous-evaluation.ts";
export { publishUntil, type PublishUntilOptions } from "./publish-until.ts";
export { signedHeaders } from "./signed-headers.ts";
export { publishToStream, StreamPublishError, type StreamAck, type StreamPublishFailure } from "./stream-publish.ts";
export { lostConnectionLine, watchConnection } from "./watch-connection.ts";
export { formatCreds, natsAuthOptions, parseCreds, readCredsFile } from "./nats-auth.ts";
export { nativeJwtAuthenticator, nativeKeyPair } from "./native-nkeys.ts";
export { joinStack, type JoinStackOptions, type JoinStackResult } from "./join-stack.ts";
export { connectionState, type ConnectionState } from "./connection-state.ts";
export { closeConnection } from "./close-connection.ts";
export { buildEvaluateResult, buildFailedResult, buildProposeResult, checkCandidateHashes, declinesSession, publicReason } from "./build-results.ts";
export {
  chainSessionFacts, sessionCheck, TaskNotForAgent, type CheckedTask, type SessionCheck, type SessionCheckOptions, type SessionFacts,
  type SessionFactsReader,
} from "./session-check.ts";
export { PhaseAlreadyAnswered, PhaseAnswers } from "./phase-answers.ts";
export { startRelayer, type Relayer, type RelayResult, type StartRelayerOptions } from "./relay/relayer.ts";
export type { RelayChainOptions } from "./relay/relay-chain.ts";
export { ballotRelay, MAX_RELAYED_SESSIONS, type AgentRelayOptions, type BallotRelay } from "./relay/ballot-relay.ts";
