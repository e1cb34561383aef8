// The protocol's limits, once, for every TypeScript party (agents, orchestrator, CLI, dApp).
// The ones a contract enforces are read back from the compiled contracts by
// test/contracts/limits.test.ts, which fails when either side changes alone.

// ---------------------------------------------------------------- enforced on chain

/** Fewest agents in a session and in a recorded round: Sessions.MIN_AGENTS (createSession, recordRound). */
export const MIN_AGENTS = 2;

/**
 * Fewest agents that must attest a round of an n-agent session: more than half of them, and at
 * least MIN_AGENTS. Sessions.recordRound refuses a round with absent agents below it
 * (`MinorityRound`), so no relayer can settle a session on the ballots of a minority.
 */
export function minPresent(agents: number): number {
  return Math.max(MIN_AGENTS, Math.floor(agents / 2) + 1);
}
/** Most agents in a session: Sessions.MAX_AGENTS (createSession reverts AgentCountOutOfRange). */
export const MAX_AGENTS = 10;
/** Highest `maxRounds`, so the highest round number: Sessions.MAX_ROUNDS (createSession reverts InvalidRounds). */
export const MAX_ROUNDS = 64;
/** Highest `voteCredits` (Σ v² per ballot): Sessions.MAX_VOTE_CREDITS (createSession reverts InvalidVoteCredits). */
export const MAX_VOTE_CREDITS = 10_000;
/**
 * Longest `absenceGrace`, in seconds: Sessions.MAX_ABSENCE_GRACE (createSession reverts
 * AbsenceGraceTooLong). For that long after the orchestrator records a round with absent agents,
 * anyone may replace it with a version every agent attested.
 */
export const MAX_ABSENCE_GRACE = 3_600;
/** Cap on the protocol fee in basis points: Sessions.MAX_FEE_BPS (the constructor reverts InvalidFee). */
export const MAX_FEE_BPS = 1_000;
/**
 * Longest reason Sessions.failSession takes, in UTF-8 bytes (it reverts FailureReasonTooLong,
 * which carries the bound, above it).
 */
export const MAX_FAILURE_REASON_BYTES = 256;
/** Most recipients of a royalty split: RoyaltySplit.MAX_RECIPIENTS (AgentRegistry reverts SplitRecipientCount). */
export const MAX_SPLIT_RECIPIENTS = 8;
/** What a royalty split's basis points sum to: RoyaltySplit.TOTAL_BPS (AgentRegistry reverts SplitTotal). */
export const SPLIT_TOTAL_BPS = 10_000;
/** Largest session or agent id: ids are uint256 (the ABI encoder refuses more). */
export const MAX_ID = 2n ** 256n - 1n;

// ---------------------------------------------------------------- off chain (the chain holds hashes only)

/** Longest task text, in UTF-16 code units; the chain keeps only its keccak256. */
export const MAX_TASK_CHARS = 20_000;
/** Longest task family name (taskFamilyName). */
export const MAX_TASK_FAMILY_CHARS = 100;
/** Most task family names a dApp server lists for its page to name families by (dapp-config.ts). */
export const MAX_LISTED_TASK_FAMILIES = 64;
/**
 * Longest task URI a submitter puts on chain (it lives in the SessionCreated event, about 24 gas a
 * byte): a longer task goes with an empty URI, its text only hashed (task-uri.ts).
 */
export const MAX_INLINE_TASK_URI_BYTES = 2_048;
/** Longest proposal solution or reasoning, in UTF-16 code units. */
export const MAX_PROPOSAL_CHARS = 20_000;
/**
 * The `absenceGrace` a session gets when its submitter names none: 30 s, about one phase of a
 * round, for a relayer to put the complete version of a round on chain.
 */
export const DEFAULT_ABSENCE_GRACE = 30;
/**
 * How much the sessions stream (every agent's results) keeps: the oldest messages go first past
 * either limit, so one agent's junk cannot fill the disk; results live a month at most.
 */
export const SESSIONS_STREAM_MAX_BYTES = 2 * 1024 ** 3;
export const SESSIONS_STREAM_MAX_AGE_MS = 30 * 24 * 3600 * 1000;
/**
 * How much the events stream keeps: orchestrators alone publish there, a few small events a round,
 * so this is room for years of sessions; they live as long as the results.
 */
export const EVENTS_STREAM_MAX_BYTES = 256 * 1024 ** 2;
/** How much the jobs stream keeps: a job nobody took within a week is dropped. */
export const JOBS_STREAM_MAX_BYTES = 256 * 1024 ** 2;
export const JOBS_STREAM_MAX_AGE_MS = 7 * 24 * 3600 * 1000;
/**
 * Largest agent result (one signed NATS message body) the orchestrator takes, in bytes. Every
 * schema-valid result in plain or 3-byte UTF-8 text fits: a proposal is at most 2 ×
 * MAX_PROPOSAL_CHARS of 3-byte UTF-8 (120 kB), an evaluation of MAX_AGENTS − 1 candidates with the
 * longest justifications and claims about 420 kB. A larger one (say, an evaluation written mostly
 * in escaped control characters) is refused, counted as `oversize`, before it is parsed.
 */
export const MAX_RESULT_BYTES = 512 * 1024;
/**
 * Most bytes one character of a text field takes in a JSON message: a control character or a lone
 * surrogate is written as a six-byte `\uXXXX` escape (3-byte UTF-8 is the most any other takes).
 */
export const MAX_JSON_BYTES_PER_CHAR = 6;
/**
 * The max_payload Concord's nats-server runs with (the devnet's; set the same in a server of your
 * own): the largest task a phase sends, the evaluate task of MAX_AGENTS agents with every text at
 * its limit in its widest JSON (about 2.5 MB), fits with room to spare. NATS's default, 1 MiB,
 * carries every session whose texts are not near their limits; `concord orchestrator` warns when
 * its server allows less than this.
 */
export const NATS_MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
/**
 * Largest entry the orchestrator writes to the session-state KV bucket, in bytes; below NATS's
 * default max_payload (1 MiB), and the store also keeps under the server's own max_payload. A
 * snapshot is split (docs/protocol.md): each agent result is an entry of its own (at most
 * MAX_RESULT_BYTES), and the rest of a session of MAX_AGENTS over MAX_ROUNDS fits one entry.
 */
export const MAX_SNAPSHOT_ENTRY_BYTES = 900 * 1024;
/** Reasons kept in a snapshot (an agent's absence, a failure) are cut to this many characters. */
export const MAX_STORED_REASON_CHARS = 200;
/** A session-failed event's reason is cut to this many characters (it names every absent agent's). */
export const MAX_EVENT_REASON_CHARS = 2_000;
/** A session's `maxRounds` when its submitter names none (`concord submit`, the SDK's createSession). */
export const DEFAULT_MAX_ROUNDS = 5;
/** A session's time to its on-chain deadline when its submitter names none: one hour. */
export const DEFAULT_SESSION_SECONDS = 3_600n;
/** Endorsements are integers in [-MAX_ENDORSEMENT, MAX_ENDORSEMENT]. */
export const MAX_ENDORSEMENT = 100;
/** A proposer's own solution and reasoning in its feedback are cut to this many characters. */
export const FEEDBACK_EXCERPT_CHARS = 1_000;

/** Whether `text` is a session or agent id as the contracts take it: 1..2^256−1 in decimal, no leading zero. */
export function isDecimalId(text: string): boolean {
  return /^[1-9]\d{0,77}$/.test(text) && BigInt(text) <= MAX_ID;
}

// ---------------------------------------------------------------- outages (waited out, not failed)

/**
 * Every long-lived NATS connection (agents, orchestrators, the devnet): reconnect without limit,
 * half a second apart (plus nats.js's jitter), so a server restart is waited out. Only a
 * connection the server refuses for good (twice the same auth error) or one closed on purpose ends.
 * `noAsyncTraces`: nats.js would otherwise build an Error (a stack trace) on every request and
 * JetStream publish, in case it times out; on the hot path that is a cost per message, and our
 * errors already say which publish failed.
 */
export const NATS_RECONNECT = { maxReconnectAttempts: -1, reconnectTimeWait: 500, noAsyncTraces: true } as const;
/** A JetStream publish that failed is tried again after this long, doubling up to the cap. */
export const PUBLISH_RETRY_FIRST_MS = 100;
export const PUBLISH_RETRY_MAX_MS = 2_000;
/**
 * How long a publish that no stream answers ("no responders") is still tried: in a JetStream
 * cluster a stream has no leader for a few seconds after its leader dies (about 4.5 s measured on
 * loopback), which looks the same as a missing stream. Past this it is taken to be missing.
 */
export const NO_STREAM_GRACE_MS = 10_000;
/**
 * How long the orchestrator keeps retrying a session event whose publish fails (NATS down): the
 * events have no phase deadline of their own, so a stated cap.
 */
export const EVENT_PUBLISH_OUTAGE_MS = 5 * 60_000;
/** One JSON-RPC request's timeout: a stalled node counts as down after this. */
export const RPC_REQUEST_TIMEOUT_MS = 10_000;
/** A JSON-RPC request that failed in transport is tried again after this long, doubling up to the cap. */
export const RPC_RETRY_FIRST_MS = 250;
export const RPC_RETRY_MAX_MS = 5_000;
/**
 * How long the orchestrator waits out an unreachable or stalled JSON-RPC node, per request,
 * before the session fails: longer than any restart of a node, shorter than a session's deadline.
 */
export const RPC_OUTAGE_MAX_MS = 10 * 60_000;
