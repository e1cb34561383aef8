// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ISessions} from "../interfaces/ISessions.sol";
import {RoundFailure} from "../libraries/RoundFailure.sol";
import {RoundMath} from "../libraries/RoundMath.sol";
import {LEVELS_SHIFT, LOG2_LEVEL_LANE_BITS, RoundOutcome} from "../libraries/RoundOutcome.sol";
import {RoundRecovery} from "../libraries/RoundRecovery.sol";
import {RoundRefusals} from "./RoundRefusals.sol";
import {RoundTerms} from "../libraries/RoundTerms.sol";
import {SessionState, SessionStateLibrary} from "../libraries/SessionState.sol";
import {SessionsStorage} from "./SessionsStorage.sol";

/**
 * @title SessionRounds
 * @notice Verifies and tallies one signed round per call: every present agent's EIP-712 signature,
 * the self-vote, same-operator and vote-budget rules, round order and window. Loops run over at
 * most MAX_AGENTS entries (P² votes in all). The hot loops live in {RoundMath} (inline assembly over
 * the length-checked packed round); every rule's revert is raised here with its values.
 */
abstract contract SessionRounds is SessionsStorage {
    /// @dev Kinds of {RoundRefusals-refuse}.
    uint256 private constant ENTRY = 0;
    uint256 private constant BALLOT = 1;
    uint256 private constant NOT_OPEN = 2;
    /// @dev Bytes before the packed round in {recordRound}'s calldata: selector, sessionId, round.
    uint256 private constant MESSAGE_HEAD = 13;

    /// @dev Explains a refused round (see {_refuse}); created with Sessions.
    RoundRefusals private immutable _refusals = new RoundRefusals();

    /// @inheritdoc ISessions
    bytes32 public constant BALLOT_TYPEHASH =
        keccak256("Ballot(uint256 sessionId,uint32 round,bytes32 proposalHash,bytes32 proposalsHash,bytes32 votes)");

    /// @inheritdoc ISessions
    function recordRound() external {
        uint256 sessionId;
        uint256 round;
        bytes calldata packed;
        assembly ("memory-safe") {
            // The message after the selector: sessionId (8 bytes) ‖ round (1 byte) ‖ the packed round.
            // A shorter one is an empty round ({PresentCountOutOfRange}).
            let head := calldataload(4)
            sessionId := shr(192, head)
            round := byte(8, head)
            packed.offset := MESSAGE_HEAD
            packed.length := mul(gt(calldatasize(), MESSAGE_HEAD), sub(calldatasize(), MESSAGE_HEAD))
        }
        RoundMath.Round memory r = _shapeOf(sessionId, round, packed);
        (Live storage live, uint256[] memory key, uint256 present) = _liveOf(r, packed);
        SessionState state = live.state;
        if (state.status() != Status.Open) _refuse(NOT_OPEN, r, packed, uint256(state.status()), key);
        bool replaces = _checkRoundWindow(r, state);
        // Declaring agents absent closes the round: only the orchestrator may do that.
        if (r.p < r.n && msg.sender != _terms[sessionId].orchestrator) revert NotOrchestrator(sessionId, msg.sender);
        _applyRound(live, r, packed, state, present, replaces);
    }

    /// @dev The live state under keccak256(sessionId ‖ terms ‖ each agent's signer): recovered for
    /// the present agents, from the trailer for the absent ones. Also returns those words and `present`.
    function _liveOf(RoundMath.Round memory r, bytes calldata packed)
        private
        view
        returns (Live storage live, uint256[] memory key, uint256 present)
    {
        uint256 keyAt;
        uint256 words;
        unchecked {
            words = r.n + 2; // n ≤ MAX_AGENTS
        }
        uint256 sessionId = r.sessionId;
        RoundTerms terms = r.terms;
        assembly ("memory-safe") {
            // Allocated without zeroing: recoverSigners writes every signer word (or the call reverts).
            key := mload(0x40)
            mstore(key, words)
            keyAt := add(key, 32)
            mstore(0x40, add(keyAt, shl(5, words)))
            mstore(keyAt, sessionId)
            mstore(add(keyAt, 32), terms)
        }
        RoundFailure failure;
        (present, failure) = RoundRecovery.recoverSigners(r, packed, keyAt);
        if (failure.failed()) _refuse(ENTRY, r, packed, RoundFailure.unwrap(failure), key);
        bytes32 liveKey;
        assembly ("memory-safe") {
            liveKey := keccak256(keyAt, shl(5, mload(key)))
        }
        live = _live[liveKey];
    }

    /// @dev Tallies, rewrites the whole state slot (quality, dispute window, round, winner; the
    /// status stays Open) and emits. A round with absent agents opens a dispute window of the
    /// session's absenceGrace seconds and keeps what it added to the quality lanes, so that a
    /// complete version of it recorded within the window (`replaces`) can take its place.
    function _applyRound(
        Live storage live,
        RoundMath.Round memory r,
        bytes calldata packed,
        SessionState state,
        uint256 present,
        bool replaces
    ) private {
        uint256 base = state.quality();
        if (replaces) base -= _partialQuality[r.sessionId];
        (uint256 word, bytes32 winnerHash, uint256 added) = _outcomeOf(r, packed);
        RoundOutcome outcome = RoundOutcome.wrap(word).setPresent(uint16(present));
        uint256 until = _openDisputeWindow(r, added);
        unchecked {
            // Lane-wise: each 16-bit lane gains at most 200 a round, over at most 64 rounds (no carry).
            base += added;
        }
        live.state = SessionStateLibrary.pack(base, until, _roundOne(r, outcome, state), r.round, outcome.winner(), Status.Open);
        emit RoundRecorded(r.sessionId, uint32(r.round), winnerHash, RoundOutcome.unwrap(outcome));
        if (replaces) emit PartialRoundReplaced(r.sessionId, uint32(r.round), msg.sender);
    }

    /// @dev Round 1 (or its complete version) sets who was present and who was endorsed for a
    /// first, independent answer; later rounds keep it.
    function _roundOne(RoundMath.Round memory r, RoundOutcome outcome, SessionState state) private pure returns (uint256) {
        if (r.round != 1) return state.roundOne();
        uint256 present = outcome.present();
        return SessionStateLibrary.roundOneWord(_endorsedOf(RoundOutcome.unwrap(outcome), present, r.n, r.terms.fairVote()), present);
    }

    /// @dev Bit i: agent i is present and its level (8-bit lanes at LEVELS_SHIFT) is at least L.
    function _endorsedOf(uint256 levelLanes, uint256 present, uint256 n, uint256 fairVote)
        private
        pure
        returns (uint256 endorsed)
    {
        for (uint256 i = 0; i < n; ++i) {
            uint256 level = (levelLanes >> (LEVELS_SHIFT + (i << LOG2_LEVEL_LANE_BITS))) & 0xff;
            if ((present >> i) & 1 == 1 && level >= fairVote) endorsed |= 1 << i;
        }
    }

    /// @dev Checks and tallies the ballots: the outcome (see {RoundMath-outcome}).
    function _outcomeOf(RoundMath.Round memory r, bytes calldata packed)
        private
        view
        returns (uint256 word, bytes32 winnerHash, uint256 added)
    {
        (uint256 scores, uint256 columns) = _tally(r, packed);
        return RoundMath.outcome(r, packed, scores, RoundMath.medians(r, columns, r.terms));
    }

    /// @dev For a round with absent agents (and a non-zero absenceGrace): keeps what it added to the
    /// quality lanes and returns the end of its dispute window; otherwise 0.
    function _openDisputeWindow(RoundMath.Round memory r, uint256 added) private returns (uint256 until) {
        if (r.p == r.n) return 0;
        uint256 grace = r.terms.absenceGrace();
        if (grace == 0) return 0;
        _partialQuality[r.sessionId] = added;
        return block.timestamp + grace;
    }

    /// @inheritdoc ISessions
    function ballotDigest(
        uint256 sessionId,
        uint32 round,
        bytes32 proposalHash,
        bytes32 proposalsHash,
        bytes32 votes
    ) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(BALLOT_TYPEHASH, sessionId, round, proposalHash, proposalsHash, votes)));
    }

    /// @dev P from the first byte and N from the length (present entries + 20-byte absent signers).
    function _shapeOf(uint256 sessionId, uint256 round, bytes calldata packed)
        private
        view
        returns (RoundMath.Round memory r)
    {
        uint256 length = packed.length;
        uint256 p;
        assembly ("memory-safe") {
            if length { p := byte(0, calldataload(packed.offset)) }
        }
        if (p < MIN_AGENTS || p > MAX_AGENTS) revert PresentCountOutOfRange(p, MAX_AGENTS);
        unchecked {
            uint256 entryLength = RoundMath.ENTRY_HEAD + p;
            uint256 body = 1 + p * entryLength + TERMS_BYTES;
            uint256 absent = (length - body) / 20;
            if (length < body || length - body != absent * 20 || p + absent > MAX_AGENTS) {
                revert RoundDataLength(length, body);
            }
            // A round with absent agents stands only on a majority's ballots, whoever relays it.
            if (absent != 0 && p * 2 <= p + absent) revert MinorityRound(p, p + absent);
            RoundTerms terms;
            assembly ("memory-safe") {
                // The last TERMS_BYTES (23) bytes as a RoundTerms word: 256 − 8 · 23 = 72.
                terms := shr(72, calldataload(add(packed.offset, sub(length, TERMS_BYTES))))
            }
            r.sessionId = sessionId;
            r.round = round;
            r.n = p + absent;
            r.p = p;
            r.entryLength = entryLength;
            r.typehash = BALLOT_TYPEHASH;
            r.domain = _domainSeparatorV4();
            r.terms = terms;
        }
    }

    /// @dev The round may be recorded now: the next round (and no partial round before it still
    /// open to dispute), or a complete version of the last round while its dispute window is open
    /// (then returns true).
    function _checkRoundWindow(RoundMath.Round memory r, SessionState state) private view returns (bool replaces) {
        RoundTerms terms = r.terms;
        uint256 sessionId = r.sessionId;
        if (block.timestamp > terms.deadline()) revert DeadlinePassed(sessionId, terms.deadline());
        uint256 recorded = state.roundsRecorded();
        uint256 until = state.disputableUntil();
        uint256 round = r.round;
        // recorded < 2^8 (the state's round field): no overflow.
        uint256 next;
        unchecked {
            next = recorded + 1;
        }
        if (round == next) {
            if (until >= block.timestamp) revert RoundDisputable(sessionId, uint32(recorded), uint40(until));
            if (round > terms.maxRounds()) revert RoundLimitReached(sessionId, terms.maxRounds());
            return false;
        }
        if (round == recorded && r.p == r.n && until >= block.timestamp) return true;
        if (round <= recorded) revert RoundAlreadyRecorded(sessionId, uint32(round));
        revert RoundOutOfOrder(sessionId, uint32(recorded + 1), uint32(round));
    }

    /// @dev The biased score lanes and the ballots' columns (see {RoundMath-tally}), or the rule a
    /// ballot broke, with its values.
    function _tally(RoundMath.Round memory r, bytes calldata packed)
        private
        view
        returns (uint256 scores, uint256 columns)
    {
        RoundFailure failure;
        RoundTerms terms = r.terms;
        uint256 offset;
        assembly ("memory-safe") {
            offset := packed.offset
        }
        (scores, columns, failure) = RoundMath.tally(r, offset, terms.voteCredits());
        if (failure.failed()) _refuse(BALLOT, r, packed, RoundFailure.unwrap(failure), new uint256[](0));
    }

    /// @dev Reverts with the error {RoundRefusals-refuse} gives for this refusal (its code is kept
    /// out of Sessions' bytecode; it reads no storage, so it is given the session's snapshot here).
    function _refuse(uint256 kind, RoundMath.Round memory r, bytes calldata packed, uint256 detail, uint256[] memory key)
        private
        view
    {
        // A session's terms are never zero (its deadline is not): zero says there is no such session.
        uint256 storedTerms = RoundTerms.unwrap(_live[_liveKey[r.sessionId]].terms);
        bytes memory call =
            abi.encodeCall(RoundRefusals.refuse, (kind, r, packed, detail, key, storedTerms, _signers[r.sessionId]));
        (, bytes memory reason) = address(_refusals).staticcall(call);
        assembly ("memory-safe") {
            revert(add(reason, 32), mload(reason))
        }
    }
}
