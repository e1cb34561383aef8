// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAgentRegistry} from "./IAgentRegistry.sol";

/**
 * @title ISessions
 * @notice One Concord session = one task deliberated by N agents over numbered rounds (from 1).
 * The submitter escrows an ETH bounty; the session's orchestrator relays each round as the agents'
 * EIP-712 signed ballots; the contract checks every signature, forbids self-votes, enforces the
 * quadratic vote budget, tallies the integer QV scores, picks the round winner and accumulates each
 * agent's positive support. On settlement the bounty is split pro rata to that support and each
 * agent's operator (snapshotted at creation) pulls its share with {claim}.
 *
 * Ballot encoding: for a round with proposal hashes `h_0..h_{N-1}` (agent order), a ballot is
 * exactly N bytes; byte k is a two's-complement int8 vote for the proposal whose hash is k-th when
 * the hashes are sorted ascending as uint256. This order reveals no author to the evaluator.
 */
interface ISessions {
    /// @notice Lifecycle of a session. `None` marks an id that was never created.
    enum Status {
        None,
        Open,
        Settled
    }

    /// @notice A session's scalar state. Agent lists live in {getAgentIds} and {support}.
    struct Session {
        address submitter;
        /// @dev The only account that may record rounds and settle.
        address orchestrator;
        /// @dev Hash of the task description (the content lives off chain).
        bytes32 taskHash;
        /// @dev The escrowed bounty, in wei.
        uint256 bounty;
        uint32 maxRounds;
        uint32 roundsRecorded;
        Status status;
        /// @dev The last recorded round's winner (0 before any round): the session's final answer.
        uint256 winnerAgentId;
        bytes32 winnerProposalHash;
    }

    // ---------------------------------------------------------------- createSession

    /// @notice The bounty (msg.value) is zero.
    error ZeroBounty();

    /// @notice The orchestrator is the zero address.
    error ZeroOrchestrator();

    /// @notice `count` agents were given; a session takes between `min` and `max`.
    error AgentCountOutOfRange(uint256 count, uint256 min, uint256 max);

    /// @notice Agent `agentId` appears more than once in a session's agent list.
    error DuplicateAgent(uint256 agentId);

    /// @notice `maxRounds` must be between 1 and `limit`.
    error InvalidMaxRounds(uint32 maxRounds, uint32 limit);

    // ---------------------------------------------------------------- any session call

    /// @notice No session has id `sessionId`.
    error UnknownSession(uint256 sessionId);

    /// @notice `caller` is not the orchestrator of session `sessionId`.
    error NotOrchestrator(uint256 sessionId, address caller);

    /// @notice Session `sessionId` is `status`, not Open.
    error SessionNotOpen(uint256 sessionId, Status status);

    // ---------------------------------------------------------------- recordRound

    /// @notice Round `got` was submitted where round `expected` is next.
    error RoundOutOfOrder(uint256 sessionId, uint32 expected, uint32 got);

    /// @notice Session `sessionId` has already recorded its `maxRounds` rounds.
    error RoundLimitReached(uint256 sessionId, uint32 maxRounds);

    /// @notice An array has `got` entries where `expected` (the session's agent count) are needed.
    error LengthMismatch(uint256 expected, uint256 got);

    /// @notice Agent `agentIndex`'s proposal hash is zero or repeats another agent's in the round.
    error InvalidProposalHash(uint256 agentIndex, bytes32 proposalHash);

    /// @notice Agent `agentIndex`'s ballot is `length` bytes; it must be `expected` (one per proposal).
    error InvalidBallotLength(uint256 agentIndex, uint256 length, uint256 expected);

    /// @notice Agent `agentIndex`'s signature recovers to `recovered` (zero if malformed), not `expected`.
    error InvalidSignature(uint256 agentIndex, address recovered, address expected);

    /// @notice Agent `agentIndex` cast `vote` (non-zero) for its own proposal.
    error SelfVote(uint256 agentIndex, int8 vote);

    /// @notice Agent `agentIndex`'s votes cost `spent` (Σ v²), more than its `credits`.
    error VoteBudgetExceeded(uint256 agentIndex, uint256 spent, uint256 credits);

    // ---------------------------------------------------------------- settle / claim

    /// @notice Session `sessionId` cannot settle before its first round is recorded.
    error NoRoundsRecorded(uint256 sessionId);

    /// @notice `account` has no claimable balance.
    error NothingToClaim(address account);

    /// @notice Sending `amount` wei to `to` failed.
    error TransferFailed(address to, uint256 amount);

    // ---------------------------------------------------------------- events

    /// @notice Session `sessionId` was created with its bounty escrowed.
    event SessionCreated(
        uint256 indexed sessionId,
        address indexed submitter,
        address indexed orchestrator,
        bytes32 taskHash,
        uint256 bounty,
        uint256[] agentIds,
        uint32 maxRounds
    );

    /**
     * @notice Round `round` of session `sessionId` was recorded.
     * @param proposalHashes The agents' proposal hashes, in agent order.
     * @param scores Each agent's proposal score (Σ of the votes it received), in agent order.
     * @param winnerIndex The agent position of the round winner.
     */
    event RoundRecorded(
        uint256 indexed sessionId,
        uint32 indexed round,
        bytes32[] proposalHashes,
        int256[] scores,
        uint256 winnerIndex
    );

    /// @notice Session `sessionId` was settled; `payouts` (agent order) sum to the bounty.
    event SessionSettled(
        uint256 indexed sessionId,
        uint256 indexed winnerAgentId,
        bytes32 winnerProposalHash,
        uint256[] payouts
    );

    /// @notice `account` withdrew `amount` wei.
    event PayoutClaimed(address indexed account, uint256 amount);

    // ---------------------------------------------------------------- constants

    /// @notice Quadratic vote credits per evaluator per round: Σ v² must not exceed it.
    function VOTE_CREDITS() external view returns (uint256);

    /// @notice The fewest agents a session takes.
    function MIN_AGENTS() external view returns (uint256);

    /// @notice The most agents a session takes; bounds every loop over a session's agents.
    function MAX_AGENTS() external view returns (uint256);

    /// @notice The highest `maxRounds` a session may set; bounds the accumulated support.
    function MAX_ROUNDS() external view returns (uint32);

    /// @notice keccak256("Ballot(uint256 sessionId,uint32 round,bytes32 proposalHash,bytes votes)").
    function BALLOT_TYPEHASH() external view returns (bytes32);

    // ---------------------------------------------------------------- mutations

    /**
     * @notice Opens a session and escrows `msg.value` as its bounty.
     * @dev Every agent must exist in the registry ({IAgentRegistry-UnknownAgent} bubbles up). Each
     * agent's signer and operator are snapshotted so later registry changes never redirect a
     * running session. Session ids start at 1.
     * @param taskHash Hash of the task description.
     * @param agentIds The agents, in the order every per-agent array of the session uses.
     * @param orchestrator The account that records rounds and settles.
     * @param maxRounds The most rounds the session may record (1..MAX_ROUNDS).
     * @return sessionId The new session's id.
     */
    function createSession(bytes32 taskHash, uint256[] calldata agentIds, address orchestrator, uint32 maxRounds)
        external
        payable
        returns (uint256 sessionId);

    /**
     * @notice Records round `round` (= roundsRecorded + 1, ≤ maxRounds) of session `sessionId`.
     * @dev Only the orchestrator, only while Open. All arrays are indexed by agent position.
     * Each signature must be the agent's EIP-712 signature over
     * `Ballot{sessionId, round, proposalHash: proposalHashes[i], votes: ballots[i]}`. The agent's
     * vote in its own sorted position must be 0 and Σ v² ≤ VOTE_CREDITS. The winner is the top
     * score; a tie goes to the lower proposal hash (as uint256). Each agent's positive score is
     * added to its support, and the round's winner becomes the session's current answer.
     * @param proposalHashes Each agent's proposal hash: non-zero and distinct.
     * @param ballots Each agent's packed ballot (see the contract notice).
     * @param signatures Each agent's 65-byte signature.
     */
    function recordRound(
        uint256 sessionId,
        uint32 round,
        bytes32[] calldata proposalHashes,
        bytes[] calldata ballots,
        bytes[] calldata signatures
    ) external;

    /**
     * @notice Settles session `sessionId`: splits the bounty pro rata to positive support.
     * @dev Only the orchestrator, only while Open, after at least one round. `payout_i =
     * bounty · support_i / Σ support` (an equal split if Σ support is 0); the rounding dust goes to
     * the winner, so payouts sum exactly to the bounty. Each payout is credited to the agent's
     * snapshotted operator, to be pulled with {claim}.
     */
    function settle(uint256 sessionId) external;

    /// @notice Sends the caller its whole claimable balance.
    function claim() external;

    // ---------------------------------------------------------------- views

    /// @notice Session `sessionId`'s state; reverts with {UnknownSession} if there is none.
    function getSession(uint256 sessionId) external view returns (Session memory);

    /// @notice Session `sessionId`'s agent ids, in session order.
    function getAgentIds(uint256 sessionId) external view returns (uint256[] memory);

    /// @notice The signing keys snapshotted for session `sessionId`, in agent order.
    function getSigners(uint256 sessionId) external view returns (address[] memory);

    /// @notice The payees (operators) snapshotted for session `sessionId`, in agent order.
    function getPayees(uint256 sessionId) external view returns (address[] memory);

    /// @notice Each agent's accumulated positive support in session `sessionId`, in agent order.
    function support(uint256 sessionId) external view returns (uint256[] memory);

    /// @notice The number of sessions created (also the highest id).
    function sessionCount() external view returns (uint256);

    /// @notice The wei `account` can withdraw with {claim}.
    function claimable(address account) external view returns (uint256);

    /// @notice The agent registry sessions enlist agents from.
    function registry() external view returns (IAgentRegistry);

    /// @notice The EIP-712 digest an agent signs for a ballot (exposed for SDK cross-checks).
    function ballotDigest(uint256 sessionId, uint32 round, bytes32 proposalHash, bytes calldata votes)
        external
        view
        returns (bytes32);
}
