// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ISessionsErrors} from "../interfaces/ISessionsErrors.sol";
import {RoundFailure} from "../libraries/RoundFailure.sol";
import {RoundMath} from "../libraries/RoundMath.sol";
import {RoundRecovery} from "../libraries/RoundRecovery.sol";
import {RoundTerms} from "../libraries/RoundTerms.sol";

/**
 * @title RoundRefusals
 * @notice Says why {ISessions-recordRound} refused a round: it always reverts, with the custom
 * error and its values. Sessions creates it in its constructor and reaches it by STATICCALL only
 * when a round fails, passing everything it needs (it reads no storage), so this code stays out of
 * Sessions' runtime bytecode (EIP-170) and costs an accepted round nothing.
 */
contract RoundRefusals is ISessionsErrors {
    /// @notice A recovery check failed ({RoundRecovery-recoverSigners}): `detail` is the failure.
    uint256 internal constant ENTRY = 0;
    /// @notice A ballot broke a rule ({RoundMath-tally}): `detail` is the failure.
    uint256 internal constant BALLOT = 1;
    /// @notice No open session under the round's key: `detail` is the status found there.
    uint256 internal constant NOT_OPEN = 2;

    /**
     * @notice Reverts with the error of round `r`'s refusal of kind `kind` (ENTRY, BALLOT, NOT_OPEN).
     * @param key The live-key words (session id, terms, each agent's signer) of a NOT_OPEN refusal.
     * @param storedTerms The terms stored under the session's live key; 0 if it has none (a
     * session's terms are never 0: its deadline is not).
     * @param snapshot The session's snapshotted signers, by agent index.
     */
    function refuse(
        uint256 kind,
        RoundMath.Round calldata r,
        bytes calldata packed,
        uint256 detail,
        uint256[] calldata key,
        uint256 storedTerms,
        address[] calldata snapshot
    ) external pure {
        if (kind == ENTRY) _refuseEntry(r, packed, RoundFailure.wrap(detail), snapshot);
        if (kind == BALLOT) _refuseBallot(r, packed, RoundFailure.wrap(detail));
        _refuseNotOpen(r, Status(detail), key, packed.length, storedTerms, snapshot);
    }

    function _refuseEntry(RoundMath.Round calldata r, bytes calldata packed, RoundFailure failure, address[] calldata snapshot)
        private
        pure
    {
        uint256 k = failure.entry();
        uint256 at = 1 + k * r.entryLength;
        uint256 agent = uint8(packed[at]);
        if (failure.code() == RoundRecovery.BAD_INDEX) revert InvalidAgentIndex(k, agent);
        if (failure.code() == RoundRecovery.BAD_ORDER) revert ProposalOrderViolated(k, bytes32(packed[at + 1:at + 33]));
        revert InvalidSignature(agent, address(0), agent < snapshot.length ? snapshot[agent] : address(0));
    }

    /// @dev No open session under this id and signer set: say why, naming the first wrong signer.
    function _refuseNotOpen(
        RoundMath.Round calldata r,
        Status status,
        uint256[] calldata key,
        uint256 length,
        uint256 storedTerms,
        address[] calldata expected
    ) private pure {
        if (status != Status.None) revert SessionNotOpen(r.sessionId, status);
        if (storedTerms == 0) revert UnknownSession(r.sessionId);
        uint256 given = RoundTerms.unwrap(r.terms);
        if (given != storedTerms) revert RoundTermsMismatch(r.sessionId, given, storedTerms);
        if (expected.length < r.p) revert PresentCountOutOfRange(r.p, expected.length);
        if (expected.length != r.n) revert RoundDataLength(length, length + 20 * expected.length - 20 * r.n);
        for (uint256 i = 0; i < r.n; ++i) {
            address signer = address(uint160(key[i + 2]));
            if (signer != expected[i]) revert InvalidSignature(i, signer, expected[i]);
        }
        revert UnknownSession(r.sessionId); // unreachable but for a hash collision
    }

    /// @dev The error of the ballot {RoundMath-tally} refused, with its values.
    function _refuseBallot(RoundMath.Round calldata r, bytes calldata packed, RoundFailure failure) private pure {
        RoundTerms terms = r.terms;
        uint256 k = failure.entry();
        uint256 agent = (r.entryAgents >> (8 * k)) & 0xff;
        if (failure.code() == RoundMath.OVERSPENT) revert VoteBudgetExceeded(agent, failure.spent(), terms.voteCredits());
        // A forbidden vote: name the first non-zero vote for an entry in the voter's operator group.
        uint256 ownGroup = terms.operatorGroup(agent);
        for (uint256 q = 0; q < r.p; ++q) {
            int8 vote = int8(uint8(packed[1 + k * r.entryLength + RoundMath.ENTRY_HEAD + q]));
            uint256 target = (r.entryAgents >> (8 * q)) & 0xff;
            if (vote == 0 || terms.operatorGroup(target) != ownGroup) continue;
            if (q == k) revert SelfVote(agent, vote);
            revert SameOperatorVote(agent, target, vote);
        }
        revert VoteBudgetExceeded(agent, 0, terms.voteCredits()); // unreachable
    }
}
