// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {ISessions} from "../interfaces/ISessions.sol";
import {DipMath} from "../libraries/DipMath.sol";
import {Lanes} from "../libraries/Lanes.sol";
import {PackedRound} from "../libraries/PackedRound.sol";
import {SessionsStorage} from "./SessionsStorage.sol";

/**
 * @title SessionRounds
 * @notice Verifies and tallies one signed round per call: every present agent's EIP-712 signature,
 * the self-vote, same-operator and vote-budget rules, round order and window. Loops run over at
 * most MAX_AGENTS entries (P² votes in all). The round's bytes are read with {PackedRound} only
 * after their exact length is checked.
 */
abstract contract SessionRounds is SessionsStorage {
    using PackedRound for bytes;

    /// @inheritdoc ISessions
    bytes32 public constant BALLOT_TYPEHASH =
        keccak256("Ballot(uint256 sessionId,uint32 round,bytes32 proposalHash,bytes votes)");

    /// @dev secp256k1 n/2: a higher s is the malleable twin of a valid signature.
    uint256 private constant HALF_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// @dev One round's shape, kept in memory to keep the stack shallow.
    struct Round {
        uint256 sessionId;
        uint32 round;
        /// @dev Agents in the session (present + absent) and present agents.
        uint256 n;
        uint256 p;
        uint256 entryLength;
        /// @dev 8-bit lanes: the agent index of entry k.
        uint256 entryAgents;
    }

    /// @inheritdoc ISessions
    function recordRound(uint256 sessionId, uint32 round, bytes calldata packed) external {
        Round memory r = _shapeOf(sessionId, round, packed);
        uint256 present = _presentAgents(r, packed);
        address[] memory signers = _recoverSigners(r, packed, present);
        Live storage live = _live[_keyOf(sessionId, signers)];
        Core memory c = live.core;
        if (c.status != Status.Open) _revertNotOpen(r, c.status, signers, packed.length);
        _checkRoundWindow(c, sessionId, round);
        // Declaring agents absent closes the round: only the orchestrator may do that.
        if (r.p < r.n && msg.sender != _terms[sessionId].orchestrator) revert NotOrchestrator(sessionId, msg.sender);
        int256[] memory scores = _tally(r, packed, c);
        _applyRound(live, r, packed, present, scores);
    }

    /// @inheritdoc ISessions
    function ballotDigest(uint256 sessionId, uint32 round, bytes32 proposalHash, bytes calldata votes)
        public
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(keccak256(abi.encode(BALLOT_TYPEHASH, sessionId, round, proposalHash, keccak256(votes))));
    }

    /// @dev P from the first byte and N from the length (present entries + 20-byte absent signers).
    function _shapeOf(uint256 sessionId, uint32 round, bytes calldata packed) private pure returns (Round memory r) {
        uint256 length = packed.length;
        uint256 p = length == 0 ? 0 : packed.byteAt(0);
        if (p < MIN_AGENTS || p > MAX_AGENTS) revert PresentCountOutOfRange(p, MAX_AGENTS);
        uint256 entryLength = PackedRound.ENTRY_HEAD + p;
        uint256 body = 1 + p * entryLength;
        if (length < body || (length - body) % 20 != 0 || p + (length - body) / 20 > MAX_AGENTS) {
            revert RoundDataLength(length, body);
        }
        r = Round(sessionId, round, p + (length - body) / 20, p, entryLength, 0);
    }

    /// @dev The bitmap of present agents, after checking each index is in range and used once, and
    /// that proposal hashes ascend strictly (so none is zero or repeated). Fills `r.entryAgents`.
    function _presentAgents(Round memory r, bytes calldata packed) private pure returns (uint256 present) {
        (uint256 n, uint256 p, uint256 entryLength) = (r.n, r.p, r.entryLength);
        uint256 previousHash;
        uint256 entryAgents;
        unchecked {
            // Offsets stay below packed.length (checked by _shapeOf); k < P ≤ 12.
            for (uint256 k = 0; k < p; ++k) {
                uint256 offset = 1 + k * entryLength;
                uint256 agent = packed.byteAt(offset);
                if (agent >= n || present & (1 << agent) != 0) revert InvalidAgentIndex(k, agent);
                uint256 hash = packed.wordAt(offset + 1);
                if (hash <= previousHash) revert ProposalOrderViolated(k, bytes32(hash));
                present |= 1 << agent;
                entryAgents |= agent << (8 * k);
                previousHash = hash;
            }
        }
        r.entryAgents = entryAgents;
    }

    /// @dev Every agent's signer in agent order: recovered for the present, from the trailer for the absent.
    function _recoverSigners(Round memory r, bytes calldata packed, uint256 present)
        private
        view
        returns (address[] memory signers)
    {
        (uint256 n, uint256 p, uint256 entryLength) = (r.n, r.p, r.entryLength);
        signers = new address[](n);
        bytes32 domain = _domainSeparatorV4();
        unchecked {
            for (uint256 k = 0; k < p; ++k) {
                address recovered = _recoverEntry(r, packed, 1 + k * entryLength, domain);
                uint256 agent = (r.entryAgents >> (8 * k)) & 0xff;
                if (recovered == address(0)) {
                    revert InvalidSignature(agent, address(0), _snapshotSigner(r.sessionId, agent));
                }
                signers[agent] = recovered;
            }
            uint256 trailer = 1 + p * entryLength;
            for (uint256 i = 0; i < n; ++i) {
                if (present & (1 << i) != 0) continue;
                signers[i] = address(uint160(packed.wordAt(trailer) >> 96));
                trailer += 20;
            }
        }
    }

    /// @dev No open session under this id and signer set: say why, naming the first wrong signer.
    function _revertNotOpen(Round memory r, Status status, address[] memory signers, uint256 length) private view {
        if (status != Status.None) revert SessionNotOpen(r.sessionId, status);
        if (_liveKey[r.sessionId] == bytes32(0)) revert UnknownSession(r.sessionId);
        address[] storage expected = _signers[r.sessionId];
        if (expected.length < r.p) revert PresentCountOutOfRange(r.p, expected.length);
        if (expected.length != r.n) revert RoundDataLength(length, length + 20 * expected.length - 20 * r.n);
        for (uint256 i = 0; i < r.n; ++i) {
            if (signers[i] != expected[i]) revert InvalidSignature(i, signers[i], expected[i]);
        }
        revert UnknownSession(r.sessionId); // unreachable but for a hash collision
    }

    function _checkRoundWindow(Core memory c, uint256 sessionId, uint32 round) private view {
        if (block.timestamp > c.deadline) revert DeadlinePassed(sessionId, c.deadline);
        uint32 expected = uint32(c.roundsRecorded) + 1;
        if (round < expected) revert RoundAlreadyRecorded(sessionId, round);
        if (round > expected) revert RoundOutOfOrder(sessionId, expected, round);
        if (round > c.maxRounds) revert RoundLimitReached(sessionId, c.maxRounds);
    }

    /// @dev Each entry's score (entry order), enforcing the self-vote, same-operator and budget rules.
    function _tally(Round memory r, bytes calldata packed, Core memory c) private pure returns (int256[] memory scores) {
        (uint256 p, uint256 entryLength, uint256 entryAgents, uint256 credits) =
            (r.p, r.entryLength, r.entryAgents, c.voteCredits);
        scores = new int256[](p);
        unchecked {
            // Bounds: P ≤ 12, |v| ≤ 128, so Σ v² < 2^18 and every score fits easily.
            uint256 entryGroups;
            for (uint256 q = 0; q < p; ++q) {
                entryGroups |= Lanes.get(c.operatorGroups, (entryAgents >> (8 * q)) & 0xff, 4) << (4 * q);
            }
            for (uint256 k = 0; k < p; ++k) {
                // The P ≤ 12 vote bytes fit in one calldata word.
                uint256 votes = packed.wordAt(1 + k * entryLength + PackedRound.ENTRY_HEAD);
                uint256 ownGroup = (entryGroups >> (4 * k)) & 0xf;
                uint256 spent;
                for (uint256 q = 0; q < p; ++q) {
                    int256 vote = int8(uint8(votes >> (248 - 8 * q)));
                    if (vote == 0) continue;
                    // An agent's own entry is in its own group, so this one test guards both rules.
                    if ((entryGroups >> (4 * q)) & 0xf == ownGroup) _revertForbiddenVote(entryAgents, k, q, vote);
                    spent += uint256(vote * vote);
                    scores[q] += vote;
                }
                if (spent > credits) revert VoteBudgetExceeded((entryAgents >> (8 * k)) & 0xff, spent, credits);
            }
        }
    }

    function _revertForbiddenVote(uint256 entryAgents, uint256 k, uint256 q, int256 vote) private pure {
        uint256 agent = (entryAgents >> (8 * k)) & 0xff;
        if (q == k) revert SelfVote(agent, int8(vote));
        revert SameOperatorVote(agent, (entryAgents >> (8 * q)) & 0xff, int8(vote));
    }

    /// @dev Stores support, the winner and its backers, and emits the round.
    function _applyRound(Live storage live, Round memory r, bytes calldata packed, uint256 present, int256[] memory scores)
        private
    {
        uint256 best;
        unchecked {
            for (uint256 q = 1; q < r.p; ++q) {
                if (scores[q] > scores[best]) best = q; // ascending hashes: a tie keeps the lower one
            }
        }
        (uint256 support, uint256 backing, uint256 packedScores) = _accumulate(r, packed, scores, best, live.support);
        uint256 winner = (r.entryAgents >> (8 * best)) & 0xff;
        bytes32 winnerHash = bytes32(packed.wordAt(1 + best * r.entryLength + 1));
        Core storage c = live.core;
        c.roundsRecorded = uint8(r.round);
        c.winnerIndex = uint8(winner);
        c.backing = uint96(backing);
        live.support = support;
        _terms[r.sessionId].winnerProposalHash = winnerHash;
        emit RoundRecorded(r.sessionId, r.round, present, winner, winnerHash, packedScores);
    }

    /// @dev Adds positive scores to the support lanes; each evaluator's positive vote for entry
    /// `best` becomes its backing lane; the scores packed as int16 lanes by agent index.
    function _accumulate(Round memory r, bytes calldata packed, int256[] memory scores, uint256 best, uint256 support)
        private
        pure
        returns (uint256, uint256 backing, uint256 packedScores)
    {
        unchecked {
            // Lane bounds: support ≤ 11·100·64 < 2^21, a backing vote ≤ 100 < 2^8 (see DipMath).
            best += 1 + PackedRound.ENTRY_HEAD; // now the offset of entry 0's vote for the winner
            for (uint256 q = 0; q < r.p; ++q) {
                uint256 agent = (r.entryAgents >> (8 * q)) & 0xff;
                int256 score = scores[q];
                packedScores |= uint256(uint16(int16(score))) << (16 * agent);
                if (score > 0) support += uint256(score) << (DipMath.SUPPORT_BITS * agent);
                score = int8(uint8(packed.byteAt(best + q * r.entryLength))); // q's vote for the winner
                if (score > 0) backing |= uint256(score) << (DipMath.BACKING_BITS * agent);
            }
        }
        return (support, backing, packedScores);
    }

    /// @dev The signer of the entry at `offset`: its Ballot digest, then its signature.
    function _recoverEntry(Round memory r, bytes calldata packed, uint256 offset, bytes32 domain)
        private
        pure
        returns (address)
    {
        unchecked {
            bytes32 votesHash = keccak256(packed[offset + PackedRound.ENTRY_HEAD:offset + r.entryLength]);
            bytes32 structHash =
                keccak256(abi.encode(BALLOT_TYPEHASH, r.sessionId, r.round, packed.wordAt(offset + 1), votesHash));
            return _recover(MessageHashUtils.toTypedDataHash(domain, structHash), packed, offset + 33);
        }
    }

    /// @dev The signer of `digest` from the 65-byte r ‖ s ‖ v at `offset`, or 0 if malformed or high-s.
    function _recover(bytes32 digest, bytes calldata packed, uint256 offset) private pure returns (address) {
        uint256 s = packed.wordAt(offset + 32);
        uint8 v = uint8(packed.byteAt(offset + 64));
        if (s > HALF_ORDER || (v != 27 && v != 28)) return address(0);
        return ecrecover(digest, v, bytes32(packed.wordAt(offset)), bytes32(s));
    }

    function _snapshotSigner(uint256 sessionId, uint256 agent) private view returns (address) {
        address[] storage snapshot = _signers[sessionId];
        return agent < snapshot.length ? snapshot[agent] : address(0);
    }
}
