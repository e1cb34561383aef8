// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ISessionsTypes} from "./ISessionsTypes.sol";

/**
 * @title ISessionsErrors
 * @notice Every way a Sessions call can fail, with the offending values.
 */
interface ISessionsErrors is ISessionsTypes {
    // ---------------------------------------------------------------- createSession
    /// @notice The bounty is zero.
    error ZeroBounty();
    /// @notice The orchestrator is the zero address.
    error ZeroOrchestrator();
    /// @notice The submitter `submitter` named itself orchestrator: the two roles must be different accounts.
    error SubmitterIsOrchestrator(address submitter);
    /// @notice `count` agents were given; a session takes between `min` and `max`.
    error AgentCountOutOfRange(uint256 count, uint256 min, uint256 max);
    /// @notice Agent `agentId` appears more than once in a session's agent list.
    error DuplicateAgent(uint256 agentId);
    /// @notice Agent `agentId` is retired and cannot join a new session.
    error RetiredAgent(uint256 agentId);
    /// @notice Rounds must satisfy 1 ≤ minRounds ≤ maxRounds ≤ `limit`.
    error InvalidRounds(uint32 minRounds, uint32 maxRounds, uint32 limit);
    /// @notice Vote credits must be in 1..`max`.
    error InvalidVoteCredits(uint32 voteCredits, uint32 max);
    /// @notice The deadline `deadline` is not after `now` (or does not fit 40 bits).
    error InvalidDeadline(uint64 deadline, uint256 now);
    /// @notice `absenceGrace` is longer than `max` seconds.
    error AbsenceGraceTooLong(uint32 absenceGrace, uint32 max);
    /// @notice `value` wei came with the call; an ETH session needs exactly `bounty`, an ERC-20 one 0.
    error EthValueMismatch(uint256 value, uint256 bounty);
    /// @notice Token `token` delivered `received` of `expected`: fee-on-transfer tokens are refused.
    error FeeOnTransferToken(address token, uint256 expected, uint256 received);
    /// @notice `pool` (of `bounty`) is below `required`: some share would floor to zero.
    error BountyTooSmall(uint256 bounty, uint256 pool, uint256 required);
    /// @notice The bounty `bounty` is above `max` (MAX_BOUNTY): settlement's arithmetic could overflow.
    error BountyTooLarge(uint256 bounty, uint256 max);

    // ---------------------------------------------------------------- any session call
    /// @notice No session has id `sessionId`.
    error UnknownSession(uint256 sessionId);
    /// @notice `caller` is not the orchestrator of session `sessionId`.
    error NotOrchestrator(uint256 sessionId, address caller);
    /// @notice Session `sessionId` is `status`, not Open.
    error SessionNotOpen(uint256 sessionId, Status status);
    /// @notice A {ISessions-multicall} call at byte `at` claims `length` bytes, past the batch's end.
    error BatchDataLength(uint256 at, uint256 length);
    /// @notice Session `sessionId`'s deadline `deadline` has passed.
    error DeadlinePassed(uint256 sessionId, uint64 deadline);

    // ---------------------------------------------------------------- recordRound
    /// @notice Round `round` was already recorded (a replay, or a second version of it).
    error RoundAlreadyRecorded(uint256 sessionId, uint32 round);
    /// @notice Round `round` has absent agents and may be replaced by its complete version until
    /// `until`: nothing (no next round, no settlement) is built on it before.
    error RoundDisputable(uint256 sessionId, uint32 round, uint40 until);
    /// @notice Round `got` was submitted where round `expected` is next.
    error RoundOutOfOrder(uint256 sessionId, uint32 expected, uint32 got);
    /// @notice Session `sessionId` has already recorded its `maxRounds` rounds.
    error RoundLimitReached(uint256 sessionId, uint32 maxRounds);
    /// @notice `present` agents attested; a round needs 2 and at most the session's agents (`max`).
    error PresentCountOutOfRange(uint256 present, uint256 max);
    /// @notice A round with absent agents must be attested by more than half of the session's agents.
    error MinorityRound(uint256 present, uint256 agents);
    /// @notice The packed round carries round terms `given`; session `sessionId` has `expected`.
    error RoundTermsMismatch(uint256 sessionId, uint256 given, uint256 expected);
    /// @notice The packed round is `length` bytes where `expected` are needed.
    error RoundDataLength(uint256 length, uint256 expected);
    /// @notice Entry `entry` names agent index `agentIndex`, out of range or already present.
    error InvalidAgentIndex(uint256 entry, uint256 agentIndex);
    /// @notice Entry `entry`'s proposal hash is zero or not above the previous entry's (hashes ascend strictly).
    error ProposalOrderViolated(uint256 entry, bytes32 proposalHash);
    /// @notice Agent `agentIndex`'s signature recovers to `recovered` (zero if malformed), not `expected`.
    error InvalidSignature(uint256 agentIndex, address recovered, address expected);
    /// @notice Agent `agentIndex` cast `vote` (non-zero) for its own proposal.
    error SelfVote(uint256 agentIndex, int8 vote);
    /// @notice Agent `agentIndex` cast `vote` for agent `targetIndex`, which has the same operator.
    error SameOperatorVote(uint256 agentIndex, uint256 targetIndex, int8 vote);
    /// @notice Agent `agentIndex`'s votes cost `spent` (Σ v²), more than its `credits`.
    error VoteBudgetExceeded(uint256 agentIndex, uint256 spent, uint256 credits);

    // ---------------------------------------------------------------- settle / refund / claim
    /// @notice Session `sessionId` recorded `recorded` rounds; it needs `minRounds` to settle.
    error TooFewRounds(uint256 sessionId, uint32 recorded, uint32 minRounds);
    /// @notice Session `sessionId` can be refunded only after `deadline`: its deadline, or sooner
    /// the end of a claimed failure's grace ({ISessions-refundAfter}).
    error RefundTooEarly(uint256 sessionId, uint64 deadline);
    /// @notice Session `sessionId` recorded `recorded` ≥ `minRounds` rounds: that work is paid by
    /// {ISessions-settle} (anyone may call it after the deadline), never refunded, and the session
    /// can no longer be declared failed ({ISessions-failSession}).
    error RefundAfterMinRounds(uint256 sessionId, uint32 recorded, uint32 minRounds);
    /// @notice `caller` is not the submitter of session `sessionId`.
    error NotSubmitter(uint256 sessionId, address caller);
    /// @notice Session `sessionId` is not settled.
    error NotSettled(uint256 sessionId);
    /// @notice Session `sessionId` has no agent index `agentIndex`.
    error AgentIndexOutOfRange(uint256 sessionId, uint256 agentIndex);
    /// @notice The registry still names `signer` for agent `agentIndex` of session `sessionId`.
    error SignerUnchanged(uint256 sessionId, uint256 agentIndex, address signer);
    /// @notice Agent `agentIndex`'s royalties in session `sessionId` were already distributed.
    error RoyaltyAlreadyDistributed(uint256 sessionId, uint256 agentIndex);
    /// @notice The split given hashes to `given`; the session snapshotted `expected`.
    error SplitMismatch(uint256 sessionId, uint256 agentIndex, bytes32 given, bytes32 expected);
    /// @notice Payouts `paid` + fee `fee` + `unearned` differ from the bounty `bounty` (never expected).
    error PayoutMismatch(uint256 bounty, uint256 fee, uint256 paid, uint256 unearned);
    /// @notice `account` has nothing to claim in `token`.
    error NothingToClaim(address token, address account);
    /// @notice Sending `amount` wei to `to` failed.
    error TransferFailed(address to, uint256 amount);
    /// @notice Sending `amount` of `token` took `debited` from Sessions' balance: a token that charges
    /// its sender would leave Sessions owing more than it holds, so the transfer is refused.
    error TransferOverdrawn(address token, uint256 amount, uint256 debited);
    // ---------------------------------------------------------------- failSession
    /// @notice The failure reason is `length` bytes, more than `max` (MAX_FAILURE_REASON_BYTES).
    error FailureReasonTooLong(uint256 length, uint256 max);
    /// @notice A decline for agent `agentIndex` recovers `recovered`, not its session key `expected`
    /// (a malformed or high-s signature recovers address(0); `expected` is address(0) for an index
    /// out of range or a retired agent).
    error InvalidDecline(uint256 agentIndex, address recovered, address expected);
    /// @notice Packed declines of `length` bytes: not a whole number of 66-byte declines.
    error DeclinesLength(uint256 length);
    /// @notice Agent `agentIndex`'s decline was given more than once in one call.
    error DuplicateDecline(uint256 agentIndex);
    /// @notice The protocol fee `feeBps` is above the cap `maxBps`, or the treasury is zero.
    error InvalidFee(uint256 feeBps, uint256 maxBps);
}
