// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ISessionsTypes} from "./ISessionsTypes.sol";

/**
 * @title ISessionsEvents
 * @notice What Sessions tells the dApp and indexers. Events carry what readers need, so that
 * storage holds only what the contract itself must check later.
 */
interface ISessionsEvents is ISessionsTypes {
    /**
     * @notice Session `sessionId` was created with its bounty escrowed.
     * @param fee The protocol fee that settlement will send to the treasury.
     * @param splitHashes Each agent's royalty split hash, snapshotted now (agent order).
     */
    event SessionCreated(
        uint256 indexed sessionId,
        address indexed submitter,
        address indexed orchestrator,
        SessionParams params,
        uint256 fee,
        bytes32[] splitHashes
    );

    /**
     * @notice Round `round` of session `sessionId` was recorded. Every proposal hash, ballot and
     * signature is in the transaction's calldata (the packed round), so the event carries only
     * what the calldata does not state: the outcome.
     * @param winnerProposalHash The winning proposal's hash (the only record of it: the last
     * round's is the session's final answer).
     * @param outcome Packed: each agent's score (Σ of the votes its proposal received) as an int16
     * in bits [16·i, 16·i + 16) for agent index i (0 for an absent agent); the bitmap of the agents
     * that attested (by agent index; the others were absent) in bits [160, 170); the round winner's
     * agent index in bits [170, 174); each agent's level in the round (its eligible evaluators'
     * median vote clamped to [−L, L], plus L; 0 when absent) in bits [176 + 8·i, 184 + 8·i).
     * A later RoundRecorded for the same round (with {PartialRoundReplaced}) supersedes it.
     * `round` is data, not a topic (a topic costs 375 gas, a data word 256): filter by session,
     * then by round after decoding.
     */
    event RoundRecorded(uint256 indexed sessionId, uint32 round, bytes32 winnerProposalHash, uint256 outcome);

    /**
     * @notice `relayer` replaced round `round`, recorded with absent agents, by a version every
     * agent attested, within the round's dispute window. The RoundRecorded event emitted with it
     * is the round's outcome now.
     */
    event PartialRoundReplaced(uint256 indexed sessionId, uint32 indexed round, address relayer);

    /**
     * @notice Session `sessionId` was settled. The final answer is the last round's winner: its
     * proposal hash is in that round's {RoundRecorded} event (storage does not keep it).
     * @param payouts Each agent's share (agent order), to be split among its royalty recipients.
     * @param fee The protocol fee, credited to the treasury.
     * @param unearned What the agents' levels did not earn, with the rounding remainder, credited to
     * the treasury too: Σ payouts + fee + unearned = bounty.
     */
    event SessionSettled(
        uint256 indexed sessionId,
        uint256 indexed winnerAgentId,
        uint256[] payouts,
        uint256 fee,
        uint256 unearned
    );

    /**
     * @notice Agent `agentIndex`'s key in session `sessionId` was brought up to date with the
     * registry: `signer` is its rotated key, or address(0) when the agent retired.
     */
    event SignerRefreshed(uint256 indexed sessionId, uint256 indexed agentIndex, address previous, address signer);

    /**
     * @notice The orchestrator of session `sessionId` declared it failed for `reason`
     * ({ISessions-failSession}).
     * @param declined Bit i set when agent i's signed decline came with the declaration.
     * @param refunded True when the declines leave too few agents to attest a round: the bounty went
     * back to the submitter in the same call ({SessionRefunded} too). False: the failure is only
     * claimed; the session stays open and its submitter may refund at once.
     */
    event SessionFailed(uint256 indexed sessionId, string reason, uint256 declined, bool refunded);

    /// @notice Session `sessionId` was refunded (after its deadline, or early once its failure was
    /// declared); `amount` went back to the submitter.
    event SessionRefunded(uint256 indexed sessionId, address indexed submitter, address token, uint256 amount);

    /// @notice Agent `agentIndex`'s `amount` in session `sessionId` was credited to its split's recipients.
    event RoyaltyDistributed(uint256 indexed sessionId, uint256 indexed agentIndex, bytes32 splitHash, uint256 amount);

    /// @notice `account` withdrew `amount` of `token` (address(0) = ETH).
    event PayoutClaimed(address indexed token, address indexed account, uint256 amount);
}
