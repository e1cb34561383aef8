// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {FAILURE_ENTRY_SHIFT, FAILURE_SPENT_SHIFT, RoundFailure} from "./RoundFailure.sol";
import {LOG2_SCORE_LANE_BITS, SCORE_LANE_MASK} from "./RoundOutcome.sol";
import {LOG2_OPERATOR_GROUP_BITS, OPERATOR_GROUP_MASK, RoundTerms} from "./RoundTerms.sol";
import {BACKING_LANE_BITS, LOG2_SUPPORT_LANE_BITS} from "./SessionState.sol";

/// @dev Byte offsets of {RoundMath-Round}'s fields in memory (a memory struct is one 32-byte word
/// per field, in declaration order), for the assembly of RoundMath and RoundRecovery. A field at
/// offset 0 is read at the struct's own address, which saves an ADD.
uint256 constant ROUND_SESSION_ID = 0;
uint256 constant ROUND_ROUND = 32;
uint256 constant ROUND_N = 64;
uint256 constant ROUND_P = 96;
uint256 constant ROUND_ENTRY_LENGTH = 128;
uint256 constant ROUND_ENTRY_AGENTS = 160;
uint256 constant ROUND_TYPEHASH = 192;
uint256 constant ROUND_DOMAIN = 224;
uint256 constant ROUND_TERMS = 256;

/// @dev Byte offsets of {RoundMath-Outcome}'s fields in memory, for the assembly of {RoundMath-outcome}
/// (which writes the one at offset 0 at the struct's own address).
uint256 constant OUTCOME_WINNER = 0;
uint256 constant OUTCOME_WINNER_HASH = 32;
uint256 constant OUTCOME_SUPPORT = 64;
uint256 constant OUTCOME_BACKING = 96;
uint256 constant OUTCOME_AGENT_SCORES = 128;

/**
 * @title RoundMath
 * @notice The hot loops of {ISessions-recordRound}, in inline assembly over the packed round
 * (whose exact length the caller has checked, so every calldata read lies inside it). They report
 * failures as codes; the caller raises the custom errors. Scores are summed in biased 16-bit lanes
 * (each vote + 128 ≥ 0, at most 10 voters), so no lane ever borrows from or carries into the next.
 */
library RoundMath {
    /// @notice agentIndex (1) + proposalHash (32) + r (32) + s (32) + v (1); the P vote bytes follow.
    uint256 internal constant ENTRY_HEAD = 98;
    /// @notice Failure codes of {tally} (a {RoundFailure}'s code).
    uint256 internal constant FORBIDDEN_VOTE = 1;
    uint256 internal constant OVERSPENT = 2;

    /// @notice One round's shape. The assembly reads its fields at the ROUND_* offsets above, so a
    /// field added, moved or removed here must be matched there (test/contracts/RoundMathLayout.t.sol
    /// checks them).
    struct Round {
        uint256 sessionId;
        uint256 round;
        /// @dev Agents in the session.
        uint256 n;
        /// @dev Present agents (entries).
        uint256 p;
        uint256 entryLength;
        /// @dev 8-bit lanes: the agent index of entry k.
        uint256 entryAgents;
        bytes32 typehash;
        bytes32 domain;
        /// @dev The session's round terms, from the packed round's trailer.
        RoundTerms terms;
    }

    /// @notice What a round leaves behind (see {outcome}). The assembly writes its fields at the
    /// OUTCOME_* offsets above.
    struct Outcome {
        uint256 winner;
        bytes32 winnerHash;
        uint256 support;
        uint256 backing;
        uint256 agentScores;
    }

    /**
     * @notice Checks every ballot and adds it into biased score lanes. `failure` is zero, or
     * FORBIDDEN_VOTE at entry k (entry k cast a non-zero vote for an entry of its own operator
     * group, which includes its own entry), or OVERSPENT at entry k with what it spent.
     * @dev The group rule is checked per ballot on all P vote bytes at once (SWAR): byte q of
     * `groupBytes` is entry q's group, so XOR with the voter's group zeroes exactly the forbidden
     * bytes; a forbidden byte with a non-zero vote is a violation. Scores are summed SWAR too: each
     * vote byte biased by +128 (XOR 0x80), odd bytes summed in place in `odd`, even bytes shifted
     * one byte down in `even`, so entry q's biased score Σ (v + 128) ≤ 10 · 255 is the 16-bit
     * lane ending at byte q | 1 (see {outcome}).
     */
    function tally(Round memory r, bytes calldata packed, uint256 groupsByAgent, uint256 credits)
        internal
        pure
        returns (uint256 even, uint256 odd, RoundFailure failure)
    {
        assembly ("memory-safe") {
            let p := mload(add(r, ROUND_P))
            let agents := mload(add(r, ROUND_ENTRY_AGENTS))
            let groupBytes := 0
            for { let q := 0 } lt(q, p) { q := add(q, 1) } {
                let group := and(
                    shr(shl(LOG2_OPERATOR_GROUP_BITS, and(shr(shl(3, q), agents), 0xff)), groupsByAgent), OPERATOR_GROUP_MASK
                )
                groupBytes := or(groupBytes, shl(sub(248, shl(3, q)), group))
            }
            let lo7 := 0x7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f
            let lanes := 0x00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff
            let firstP := not(sub(shl(sub(256, shl(3, p)), 1), 1))
            let bias := and(not(lo7), firstP)
            let at := add(packed.offset, add(1, ENTRY_HEAD))
            let entryLength := mload(add(r, ROUND_ENTRY_LENGTH))
            for { let k := 0 } lt(k, p) { k := add(k, 1) } {
                let votes := and(calldataload(at), firstP) // P ≤ 10 bytes
                let x := xor(groupBytes, mul(byte(k, groupBytes), 0x0101010101010101010101010101010101010101010101010101010101010101))
                let sameGroup := not(or(or(add(and(x, lo7), lo7), x), lo7)) // high bit of each zero byte of x
                let voted := or(add(and(votes, lo7), lo7), votes) // high bit of each non-zero vote byte
                if and(and(sameGroup, voted), not(lo7)) {
                    failure := or(FORBIDDEN_VOTE, shl(FAILURE_ENTRY_SHIFT, k))
                    break
                }
                // Σ v², unrolled over the first 5 bytes and, if P > 5, the next 5 (bytes past P are zero).
                let spent := add(add(_square(byte(0, votes)), _square(byte(1, votes))), _square(byte(2, votes)))
                spent := add(spent, add(_square(byte(3, votes)), _square(byte(4, votes))))
                if gt(p, 5) {
                    spent := add(spent, add(add(_square(byte(5, votes)), _square(byte(6, votes))), _square(byte(7, votes))))
                    spent := add(spent, add(_square(byte(8, votes)), _square(byte(9, votes))))
                }
                if gt(spent, credits) {
                    failure := or(OVERSPENT, or(shl(FAILURE_ENTRY_SHIFT, k), shl(FAILURE_SPENT_SHIFT, spent)))
                    break
                }
                let biased := xor(votes, bias)
                odd := add(odd, and(biased, lanes))
                even := add(even, and(shr(8, biased), lanes))
                at := add(at, entryLength)
            }

            /// The square of a two's-complement vote byte.
            function _square(b) -> sq {
                let v := signextend(0, b)
                sq := mul(v, v)
            }
        }
    }

    /**
     * @notice The round's outcome from the score lanes: the winner (top score; a tie goes to the
     * lower hash, i.e. the earlier entry) by agent index and its hash; `support` with each positive
     * score added to its agent's 16-bit lane; each evaluator's positive vote for the winner in its
     * 7-bit backing lane; and the scores as int16 lanes by agent index.
     */
    function outcome(Round memory r, bytes calldata packed, uint256 even, uint256 odd, uint256 support)
        internal
        pure
        returns (Outcome memory o)
    {
        assembly ("memory-safe") {
            let p := mload(add(r, ROUND_P))
            // Each entry's biased score (odd q in `odd` at byte q, even q in `even` at byte q + 1),
            // kept in scratch past the free memory pointer; the first of equal top scores wins.
            let lanes := mload(0x40)
            let best := 0
            {
                let bestScore := 0
                for { let q := 0 } lt(q, p) { q := add(q, 1) } {
                    let src := even
                    if and(q, 1) { src := odd }
                    let lane := and(shr(sub(248, shl(3, or(q, 1))), src), 0xffff)
                    mstore(add(lanes, shl(5, q)), lane)
                    if gt(lane, bestScore) {
                        best := q
                        bestScore := lane
                    }
                }
            }
            let votesForBest := add(packed.offset, add(add(1, ENTRY_HEAD), best))
            let back := 0
            let aScores := 0
            for { let q := 0 } lt(q, p) { q := add(q, 1) } {
                let agent := and(shr(shl(3, q), mload(add(r, ROUND_ENTRY_AGENTS))), 0xff)
                let score := sub(mload(add(lanes, shl(5, q))), shl(7, p))
                aScores := or(aScores, shl(shl(LOG2_SCORE_LANE_BITS, agent), and(score, SCORE_LANE_MASK)))
                if sgt(score, 0) { support := add(support, shl(shl(LOG2_SUPPORT_LANE_BITS, agent), score)) }
                let vote := signextend(0, byte(0, calldataload(add(votesForBest, mul(q, mload(add(r, ROUND_ENTRY_LENGTH)))))))
                if sgt(vote, 0) { back := or(back, shl(mul(BACKING_LANE_BITS, agent), vote)) }
            }
            let agents := mload(add(r, ROUND_ENTRY_AGENTS))
            let entryLength := mload(add(r, ROUND_ENTRY_LENGTH))
            mstore(o, and(shr(shl(3, best), agents), 0xff)) // OUTCOME_WINNER = 0
            mstore(add(o, OUTCOME_WINNER_HASH), calldataload(add(packed.offset, add(2, mul(best, entryLength)))))
            mstore(add(o, OUTCOME_SUPPORT), support)
            mstore(add(o, OUTCOME_BACKING), back)
            mstore(add(o, OUTCOME_AGENT_SCORES), aScores)
        }
    }
}
