// One error base class for Concord, with string codes from one catalogue and an optional cause.
export const errorCodes = {
  BALLOT_VOTE_OUT_OF_RANGE: "a vote does not fit in an int8",
  BALLOT_LENGTH_MISMATCH: "a ballot's length differs from the round's proposal count",
  INVALID_SUBJECT_TOKEN: "a NATS subject token is empty or holds a forbidden character",
  INVALID_MESSAGE: "a message failed its schema",
  INVALID_SIGNATURE: "a signature does not recover to the expected signer",
  RELAY_REFUSED: "a relayed ballot does not belong to the session or round it names",
  INVALID_ROUND_TERMS: "a session's round terms do not fit the 23 bytes a packed round carries",
  INVALID_ROUND_MESSAGE: "a recordRound message's session id, round or length is out of range",
  INVALID_PROPOSAL_HASH: "a proposal hash does not match its content",
  TOO_FEW_AGENTS: "fewer than two agents answered",
  AGENT_SKIPPED: "an agent abstained from a task (a skip, not a failure)",
  ROUND_INCOMPLETE: "an agent did not answer a phase that needs every agent",
  PHASE_TIMEOUT: "a phase ended before every agent answered",
  NATS_SERVER_MISSING: "nats-server is not installed and could not be installed",
  BROWSER_MISSING: "Debian's chromium (for the browser tests) is not installed and could not be installed",
  PROCESS_START_FAILED: "a child process did not become ready",
  PROCESS_DIED: "a server of the local stack (nats-server, the hardhat node) exited on its own",
  NATS_CONNECTION_CLOSED: "a NATS connection was closed for good (refused by the server, or closed on purpose), not an outage to wait out",
  CHAIN_CALL_FAILED: "a contract call failed",
  CONFIG_INVALID: "a configuration value is invalid",
  NATS_UNREACHABLE: "no NATS server answered at the configured URL",
  CHAIN_UNREACHABLE: "no JSON-RPC node answered at the configured URL",
  PROVIDER_TIMEOUT: "a model provider did not answer before its deadline",
  PROVIDER_UNAUTHORIZED: "a model server refused the credentials (401/403)",
  PROVIDER_UNKNOWN_MODEL: "a model server does not serve the requested model",
  PROVIDER_UNAVAILABLE: "a model server kept failing (429, 5xx, network) until retries or time ran out",
  PROVIDER_REJECTED: "a model server rejected the request as invalid (4xx)",
  PROVIDER_BAD_OUTPUT: "a model's reply was not the JSON asked for, even after a repair",
  PROVIDER_BENCHED: "a provider is cooling down after consecutive failures",
  PROVIDER_AGENT_ERROR: "an exec agent answered a request with an error",
  PROVIDER_PROCESS_EXITED: "an exec agent's process exited",
  INVALID_REQUEST: "an HTTP request body failed its schema",
  SESSION_NOT_FOUND: "no session has this id on chain",
  SESSION_NOT_OPEN: "the session is settled, refunded or past its deadline",
  TASK_HASH_MISMATCH: "the task text does not hash to the session's on-chain task hash",
  ORCHESTRATOR_MISMATCH: "the session names another orchestrator than the one serving this deployment",
  ORCHESTRATOR_IS_TREASURY: "the orchestrator is the deployment's treasury, which is paid for every agent left out of a round",
  UNSUPPORTED_MEDIA_TYPE: "an HTTP request body is not of the content type the endpoint accepts",
  SIGNATURE_MISSING: "a request that must be signed by the session's submitter carries no signature",
  NOT_SUBMITTER: "a signature is not the session's on-chain submitter's over this exact request",
  JOB_ALREADY_QUEUED: "a job for the session was already queued or is running: the request changed nothing",
  SESSION_FAILED: "the session's job failed before, and no orchestrator runs a failed session again",
  AGENT_NOT_LIVE: "a session's agent sent no heartbeat, so its NATS name is unknown",
  AGENT_NOT_REGISTERED: "an agent's signing key is not registered on the AgentRegistry",
  TASK_INVALID: "the task text is empty, longer than a job takes, or not well-formed text",
  AGENT_DECLINED: "an agent said, when asked before the session, that it will not answer the task",
  INSUFFICIENT_FUNDS: "the payer's balance or allowance does not cover the bounty and the gas",
  SESSION_LOST: "this orchestrator no longer owns the session (its lock lapsed and another took it): it stops sending",
  SNAPSHOT_TOO_LARGE: "a session snapshot entry would not fit in a NATS message",
  SERVER_BUSY: "the server is already answering as many of these requests as it takes at once: retry shortly",
  AGENT_RETIRED: "an agent was retired by its operator and cannot join new sessions",
  PREFLIGHT_REFUSED: "a submission was refused before any money moved: one or more checks failed",
  DEADLINE_NOT_PASSED: "the call is allowed only once the session's deadline has passed (or its failure was claimed)",
  SESSION_NOT_REFUNDABLE: "the session recorded its minimum rounds: its work is paid by settlement, never refunded",
  NOT_AGENT_SIGNER: "a join request is signed by a key that is not the agent's current on-chain signer",
  JOIN_REQUEST_STALE: "a join request's time is too far from the server's clock: sign a fresh one",
  AGENT_NAME_TAKEN: "a NATS agent name is already held by another agent (or one of the stack's own users)",
  API_UNREACHABLE: "the stack's HTTP API did not answer at the given URL",
  ONBOARDING_UNAVAILABLE: "this server does not issue NATS credentials (its stack's NATS is not in operator mode)",
  DEPLOYMENT_NOT_RUNNING: "the chain a deployment record names does not answer, or does not hold its contracts: the stack that wrote it is not running",
  TASK_NOT_FOR_AGENT: "the chain does not ask this task of the agent: its session does not name the agent's signer, or holds other terms than the task",
  PHASE_ALREADY_ANSWERED: "an agent answers each phase of a round once: the phase was asked again with another task",
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class ConcordError extends Error {
  override readonly name = "ConcordError";
  readonly code: ErrorCode;
  /**
   * What may be said of it in public (an agent's published failure reason), when the message holds
   * what should stay with the operator: an exec agent's command line, its process's stderr.
   */
  readonly publicMessage?: string;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; publicMessage?: string }) {
    super(`${code}: ${message}`, options);
    this.code = code;
    if (options?.publicMessage !== undefined) this.publicMessage = `${code}: ${options.publicMessage}`;
  }
}
