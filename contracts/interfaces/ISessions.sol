// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAgentRegistry} from "./IAgentRegistry.sol";
import {ISessionsErrors} from "./ISessionsErrors.sol";
import {ISessionsEvents} from "./ISessionsEvents.sol";
import {RoyaltySplit} from "../libraries/RoyaltySplit.sol";

/**
 * @title ISessions
 * @notice One Concord session = one task deliberated by 2..MAX_AGENTS agents over numbered rounds
 * (from 1). The submitter escrows a bounty (ETH or an ERC-20); each round is recorded with every
 * present agent's EIP-712 signed ballot; the contract checks each signature and rule, tallies the
 * integer QV scores, picks the round winner and adds each present agent's level (the median of
 * the votes its eligible evaluators gave it, clamped to [−L, L], plus L) to its quality. On
 * settlement (the DIP rule, docs/economics.md) the fee goes to the treasury, each agent is paid
 * net · quality / (n · rounds · 2L), and what that leaves goes to the treasury; each agent's share
 * is then split among the recipients of the royalty split snapshotted when the session was
 * created, and every recipient pulls its money with {claim}.
 *
 * Ballot: for a round whose present proposals have hashes sorted ascending (as uint256) `h_0..h_{P-1}`,
 * a ballot is exactly P bytes; byte k is a two's-complement int8 vote for the proposal `h_k`. This
 * order reveals no author to the evaluator. An agent signs
 * `Ballot(uint256 sessionId,uint32 round,bytes32 proposalHash,bytes32 proposalsHash,bytes32 votes)`
 * with its own proposal hash, the hash of the round's ascending proposal-hash list and its P vote
 * bytes left-aligned in `votes`, the 32 − P bytes after them zero (P ≤ 10: one word, no hash of it).
 *
 * Absent agents: an agent that did not attest a round is absent from it: it has no proposal, casts
 * no vote and gets level 0 for that round. Only the orchestrator may close a round with absent
 * agents, and only with more than half of the agents present; anyone may relay a round every agent
 * attested, and, for the session's absenceGrace seconds after a round with absent agents was
 * recorded, anyone may replace it with a version every agent attested (nothing is built on it
 * before). The orchestrator cannot forge ballots, only relay or withhold them.
 */
interface ISessions is ISessionsErrors, ISessionsEvents {
    // ---------------------------------------------------------------- constants

    /// @notice The fewest agents a session takes, and the fewest that must attest a round.
    function MIN_AGENTS() external view returns (uint256);
    /// @notice The most agents a session takes (10: everything a round changes then fits one storage
    /// slot); bounds every loop over a session's agents.
    function MAX_AGENTS() external view returns (uint256);
    /// @notice The highest `maxRounds` a session may set; bounds the accumulated quality.
    function MAX_ROUNDS() external view returns (uint32);
    /// @notice The highest `voteCredits` a session may set (so |v| ≤ 100).
    function MAX_VOTE_CREDITS() external view returns (uint32);
    /// @notice The cap on the protocol fee, in basis points.
    function MAX_FEE_BPS() external view returns (uint256);
    /// @notice The protocol fee in basis points of every bounty, fixed at deployment.
    function FEE_BPS() external view returns (uint256);
    /// @notice Where fees and what settlement leaves unearned are credited.
    function TREASURY() external view returns (address);
    /// @notice The largest bounty a session may escrow: every product in settlement (a pool times a
    /// quality lane, an amount times basis points, the bounty times the fee rate) then fits
    /// 256 bits. It is ⌊(2^256 − 1) / 2^16⌋ = 2^240 − 1, 16 bits being the widest lane (quality).
    function MAX_BOUNTY() external view returns (uint256);
    /// @notice The longest `absenceGrace` a session may set, in seconds.
    function MAX_ABSENCE_GRACE() external view returns (uint32);
    /// @notice keccak256("Ballot(uint256 sessionId,uint32 round,bytes32 proposalHash,bytes32 proposalsHash,bytes32 votes)"),
    /// where proposalsHash = keccak256 of the round's present proposal hashes, ascending, concatenated
    /// (the contract computes it from the recorded entries, so a ballot covers exactly the list it was signed over).
    function BALLOT_TYPEHASH() external view returns (bytes32);

    // ---------------------------------------------------------------- mutations

    /**
     * @notice Opens a session and escrows its bounty.
     * @dev Every agent must exist ({IAgentRegistry-UnknownAgent} bubbles up) and not be retired. Each
     * agent's signer, operator and split hash are snapshotted, so later registry changes never
     * redirect a running session. ERC-20 bounties are pulled with SafeERC20 and measured by balance
     * delta; a token that delivers less is refused. A bounty so small that any positive share or any
     * recipient's part of it could floor to zero is refused ({BountyTooSmall}), and so is one above
     * MAX_BOUNTY ({BountyTooLarge}). The orchestrator must not be the caller
     * ({SubmitterIsOrchestrator}). Ids start at 1.
     * @param params The session's terms; see {ISessionsTypes-SessionParams}.
     * @return sessionId The new session's id.
     */
    function createSession(SessionParams calldata params) external payable returns (uint256 sessionId);

    /**
     * @notice Records round `round` (= roundsRecorded + 1 ≤ maxRounds) of session `sessionId`, or
     * replaces the last round, recorded with absent agents, by a version every agent attested.
     * @dev Round window: round r opens when round r-1 is recorded (round 1 at creation) and closes
     * when r is recorded or at the deadline. Anyone may submit a round all agents attested; only the
     * orchestrator may submit one with absent agents (more than half present, {MinorityRound}). Such
     * a round stays open to dispute for the session's absenceGrace seconds: anyone may then record
     * the same round number again with every agent present, which replaces it
     * ({PartialRoundReplaced}); the next round and settlement wait ({RoundDisputable}).
     * The call has no ABI arguments: the round follows the selector as one packed message (no
     * offsets, lengths or padding to pay for), `sessionId:uint64 ‖ round:uint8 ‖ packedRound`, where
     * `packedRound` is `P:uint8`, then P entries in strictly ascending proposal-hash order, each
     * `agentIndex:uint8 ‖ proposalHash:bytes32 ‖ r:bytes32 ‖ s:bytes32 ‖ v:uint8 ‖ votes:int8[P]`,
     * then the 20-byte signer of each absent agent in agent order, then the session's 23-byte
     * {roundTerms}: the snapshotted signer set and the terms are checked against one storage key,
     * keccak256(sessionId ‖ terms ‖ signers), so no stored signer or term is read ({RoundTermsMismatch}
     * or {InvalidSignature} say which differs). Checks: each signature is the agent's (low-s, v 27/28);
     * no non-zero vote for its own proposal or an agent of the same operator; Σ v² ≤ voteCredits.
     * The winner is the top score; a tie goes to the first tied entry from entry
     * proposalsHash mod P, in hash order and round the end (no proposer can aim for it).
     */
    function recordRound() external;

    /**
     * @notice Runs several calls (each a full calldata of a Sessions function, e.g. several
     * sessions' {recordRound} messages and {settle} calls) one after another in this transaction,
     * each by delegatecall to this contract: each is checked exactly as if sent alone, by the same
     * msg.sender, with msg.value 0. All or nothing: the first call that reverts reverts the batch
     * with its own error.
     * @dev The calls follow the selector packed, no ABI encoding: each is its length (3 bytes,
     * big-endian) then its bytes (sdk/protocol/round-packing.ts, `packCalls`). A length that runs
     * past the end is {BatchDataLength}. Packed, a round in a batch carries 3 bytes more than alone,
     * where a bytes[] would add 64 to 95.
     */
    function multicall() external;

    /**
     * @notice Settles session `sessionId` by the DIP rule (docs/economics.md).
     * @dev Needs minRounds rounds recorded. Before the deadline: anyone once maxRounds are recorded,
     * only the orchestrator before that (that is how it halts early). After the deadline (no round
     * can be recorded any more): anyone. Not while the last round is open to dispute (before the
     * deadline). Fee + what is unearned are credited to the treasury; each agent's
     * payout is computed now (and emitted) and distributed lazily by {claimRoyalty}, so the cost
     * does not grow with royalty recipients. A repeat call on a settled session does nothing.
     */
    function settle(uint256 sessionId) external;

    /**
     * @notice Returns the bounty of session `sessionId` to its submitter (submitter only), after
     * {refundAfter}: the deadline, or sooner the end of a claimed failure's grace ({failSession}),
     * if the session is still open and recorded fewer than minRounds rounds; a session that
     * recorded minRounds is settled instead ({RefundAfterMinRounds}).
     */
    function refund(uint256 sessionId) external;

    /// @notice The time after which session `sessionId`'s submitter may refund it ({refund}): its
    /// deadline, or, while a claimed failure stands, the end of the claim's grace if sooner.
    function refundAfter(uint256 sessionId) external view returns (uint256);

    /**
     * @notice Credits agent `agentIndex`'s payout in settled session `sessionId` to its royalty
     * recipients (anyone may call; once per agent). `split` must hash to the snapshotted split hash.
     * @dev Recipient i gets payout·bps_i/10 000; the last recipient takes the rounding remainder.
     */
    function claimRoyalty(uint256 sessionId, uint256 agentIndex, RoyaltySplit.Split calldata split) external;

    /**
     * @notice Brings agent `agentIndex`'s signing key in open session `sessionId` up to date with
     * the registry (anyone may call; the registry decides): a rotated key is replaced by the new
     * one, a retired agent's key by address(0), so that from now on a ballot signed by the old key
     * is refused and a retired agent can only be absent. What the agent earned before stays.
     * @dev Costs nothing on the round path: the session's live state moves to the storage key of
     * the new signer set ({SignerRefreshed}). {SignerUnchanged} if the registry agrees already.
     */
    function refreshSigner(uint256 sessionId, uint256 agentIndex) external;

    /**
     * @notice The orchestrator of open session `sessionId`, which recorded fewer than minRounds
     * rounds, declares that it failed for `reason` (≤ MAX_FAILURE_REASON_BYTES bytes), with the
     * signed declines of the agents that refused it: each an EIP-712 signature of
     * `Decline(uint256 sessionId)` by the agent's key snapshotted for the session ({getSigners}),
     * on this contract's domain, saying it will not work on the session.
     * @dev Evidence: when the declining agents leave fewer than max(MIN_AGENTS, ⌊n/2⌋ + 1) agents,
     * the fewest that can attest a round ({MinorityRound}), no round can ever be recorded, so the
     * bounty goes back to the submitter now (status Refunded). Otherwise the failure is only
     * claimed: the session stays open, rounds may still be recorded, and its submitter may
     * {refund} before the deadline (its own call is its consent) once the claim's grace has passed:
     * the session's absenceGrace, at least 30 seconds ({refundAfter}), time for the
     * agents to record a round themselves (relayed). A recorded round rewrites the session's state
     * and so withdraws the claim. Money only ever returns to the submitter; the orchestrator alone
     * could already stall the session until its deadline.
     * `declines` packs one 66-byte entry per declining agent, `agentIndex:uint8 ‖ r ‖ s ‖ v:uint8`
     * ({DeclinesLength}); each must be a distinct agent's ({DuplicateDecline}) low-s signature by
     * its snapshotted key ({InvalidDecline}, also for an index out of range or a retired agent).
     * Emits {SessionFailed}.
     */
    function failSession(uint256 sessionId, string calldata reason, bytes calldata declines) external;

    /// @notice Sends the caller its whole claimable balance in `token` (address(0) = ETH).
    function claim(address token) external;

    // ---------------------------------------------------------------- views

    /// @notice Session `sessionId`'s state; reverts with {UnknownSession} if there is none.
    function getSession(uint256 sessionId) external view returns (SessionView memory);
    /// @notice Session `sessionId`'s agent ids, in session order.
    function getAgentIds(uint256 sessionId) external view returns (uint256[] memory);
    /**
     * @notice The fixed round terms of session `sessionId` as the 184-bit word every {recordRound}
     * carries (its packed round's last 23 bytes): deadline (bits 0–39), agent count (40–47),
     * minRounds (48–55), maxRounds (56–63), voteCredits (64–79), operator groups (80–119, 4 bits per
     * agent: agents with equal values share an operator), fairVote L (120–126), whether an operator
     * has several agents (127), absenceGrace in seconds (128–143), evaluation weights − 1 (144–183,
     * 4 bits per agent).
     */
    function roundTerms(uint256 sessionId) external view returns (uint256);
    /// @notice The signing keys snapshotted for session `sessionId`, in agent order.
    function getSigners(uint256 sessionId) external view returns (address[] memory);
    /// @notice The royalty split hashes snapshotted for session `sessionId`, in agent order.
    function getSplitHashes(uint256 sessionId) external view returns (bytes32[] memory);
    /// @notice Each agent's quality in session `sessionId` so far (Σ of its round levels, each in
    /// [0, 2L]), in agent order.
    function quality(uint256 sessionId) external view returns (uint256[] memory);
    /// @notice 0, or, when the last recorded round has absent agents, the time until which anyone
    /// may replace it with its complete version (no next round and no settlement before).
    function disputableUntil(uint256 sessionId) external view returns (uint256);
    /// @notice Whether the orchestrator declared session `sessionId` failed ({failSession}) and no
    /// round was recorded since: while it stands, its submitter may refund after the claim's grace
    /// ({refundAfter}).
    function failureClaimed(uint256 sessionId) external view returns (bool);
    /// @notice Agent `agentId`'s history: settled sessions it took part in (present in round 1), in how many of them its
    /// peers endorsed its round-1 answer, and the evaluation weight a session created now gives it
    /// (docs/economics.md, "Weights").
    function history(uint256 agentId) external view returns (uint256 sessions, uint256 endorsed, uint256 weight);
    /// @notice Agent `agentId`'s history in task family `family` (family 0 is {history}): only
    /// sessions created with that family count in it, and only it weighs the agent in them.
    function familyHistory(uint256 agentId, bytes32 family)
        external
        view
        returns (uint256 sessions, uint256 endorsed, uint256 weight);
    /// @notice The task family session `sessionId` was created with: 0 for none, and for an id
    /// no session has (no existence check: Sessions has no bytecode to spare).
    function taskFamily(uint256 sessionId) external view returns (bytes32);
    /// @notice Agent `agentIndex`'s payout in settled session `sessionId` (0 before settlement).
    function payoutOf(uint256 sessionId, uint256 agentIndex) external view returns (uint256);
    /// @notice Whether agent `agentIndex`'s payout in session `sessionId` was distributed.
    function royaltyDistributed(uint256 sessionId, uint256 agentIndex) external view returns (bool);
    /// @notice The number of sessions created (also the highest id).
    function sessionCount() external view returns (uint256);
    /// @notice What `account` can withdraw in `token` with {claim}.
    function claimable(address token, address account) external view returns (uint256);
    /// @notice The agent registry sessions enlist agents from.
    function registry() external view returns (IAgentRegistry);
    /// @notice The EIP-712 digest an agent signs for a ballot (exposed for SDK cross-checks).
    /// @param proposalsHash keccak256 of the round's present proposal hashes in ascending order, concatenated.
    /// @param votes The P vote bytes, left-aligned, the rest zero.
    function ballotDigest(
        uint256 sessionId,
        uint32 round,
        bytes32 proposalHash,
        bytes32 proposalsHash,
        bytes32 votes
    ) external view returns (bytes32);
}
