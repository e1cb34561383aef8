// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {FAILURE_ENTRY_SHIFT, FAILURE_SPENT_SHIFT, RoundFailure} from "./RoundFailure.sol";
import {LEVELS_SHIFT, LOG2_SCORE_LANE_BITS, SCORE_LANE_MASK, WINNER_SHIFT} from "./RoundOutcome.sol";
import {LOG2_OPERATOR_GROUP_BITS, LOG2_WEIGHT_BITS, OPERATOR_GROUP_MASK, RoundTerms, WEIGHTS_SHIFT} from "./RoundTerms.sol";

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
/// @dev The typehash's word, once {RoundRecovery-recoverSigners} has used it: the round's
/// proposalsHash, which {RoundMath-outcome} breaks ties with (no field of its own: one more would
/// cost Sessions bytecode it does not have).
uint256 constant ROUND_PROPOSALS_HASH = ROUND_TYPEHASH;

/// @dev Where {RoundMath-Round}'s entryAgents keeps the entries' weights − 1 (8-bit lanes, entry k
/// at ENTRY_WEIGHTS_SHIFT + 8k: byte 20 − k of the word), and a mask of those ten lanes.
uint256 constant ENTRY_WEIGHTS_SHIFT = 88;
uint256 constant ENTRY_WEIGHTS_MASK = 0x000000000000000000000000ffffffffffffffffffff0000000000000000000000;

/**
 * @title RoundMath
 * @notice The hot loops of {ISessions-recordRound}, in inline assembly over the packed round
 * (whose exact length the caller has checked, so every calldata read lies inside it). They report
 * failures as codes; the caller raises the custom errors. Scores are summed in biased 16-bit lanes
 * (each vote + 128 ≥ 0, times its voter's weight ≤ 16, at most 10 voters: ≤ 40 800), so no lane
 * ever borrows from or carries into the next.
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
        /// @dev 8-bit lanes: the agent index of entry k at bit 8k, its evaluation weight − 1 at bit
        /// ENTRY_WEIGHTS_SHIFT + 8k (lanes must be masked: `& 0xff`).
        uint256 entryAgents;
        /// @dev The Ballot type hash; once the signers are recovered, the round's proposalsHash
        /// (keccak256 over the entries' proposal hashes, what every ballot signs) in its place.
        bytes32 typehash;
        bytes32 domain;
        /// @dev The session's round terms, from the packed round's trailer.
        RoundTerms terms;
    }

    /**
     * @notice Checks every ballot and adds it into biased score lanes. `failure` is zero, or
     * FORBIDDEN_VOTE at entry k (entry k cast a non-zero vote for an entry of its own operator
     * group, which includes its own entry), or OVERSPENT at entry k with what it spent.
     * @dev The group rule is checked per ballot on all P vote bytes at once (SWAR): byte q of
     * `groupBytes` is entry q's group, so XOR with the voter's group zeroes exactly the forbidden
     * bytes; a forbidden byte with a non-zero vote is a violation. When no operator has several
     * agents (the terms' sharedOperators bit) each entry is its own group: the one forbidden byte
     * is the voter's own, with no group bytes built or compared. Scores are summed
     * SWAR too, in `scores`: each vote byte biased by +128 (XOR 0x80) and spread into 16-bit lanes
     * as in the columns below, times its voter's weight w (the round terms' weights, in
     * `entryAgents`), so entry q's biased score Σ w·(v + 128) ≤ 10 · 16 · 255 fills its lane.
     * Each ballot is also stored, for {medians}, as a column word at `columns` + 32·k: its biased
     * votes (v + 128) in 16-bit lanes (lane j < 5 holds entry 2j + 1, lane 5 + j entry 2j, counted
     * from the top), a vote it may not cast (its own entry, its operator's) set to 0xff, above any
     * vote. `columns` is freshly allocated (MAX_AGENTS words). `packedOffset` is the packed round's
     * calldata offset (its length is not needed: the caller checked it).
     */
    function tally(Round memory r, uint256 packedOffset, uint256 credits)
        internal
        pure
        returns (uint256 scores, uint256 columns, RoundFailure failure)
    {
        assembly ("memory-safe") {
            columns := mload(0x40)
            mstore(0x40, add(columns, 320)) // MAX_AGENTS words
            let p := mload(add(r, ROUND_P))
            // Byte q < P, when operators are shared: entry q's operator group; byte 20 − k: entry k's
            // weight − 1 (as in `entryAgents`, outside the first P bytes).
            let groupBytes := 0
            let shared := and(shr(127, mload(add(r, ROUND_TERMS))), 1)
            if shared {
                let agents := mload(add(r, ROUND_ENTRY_AGENTS))
                let groupsByAgent := and(shr(80, mload(add(r, ROUND_TERMS))), 0xffffffffff) // RoundTerms.operatorGroups
                for { let q := 0 } lt(q, p) { q := add(q, 1) } {
                    let agent := and(shr(shl(3, q), agents), 0xff)
                    let group := and(shr(shl(LOG2_OPERATOR_GROUP_BITS, agent), groupsByAgent), OPERATOR_GROUP_MASK)
                    groupBytes := or(groupBytes, shl(sub(248, shl(3, q)), group))
                }
            }
            groupBytes := or(groupBytes, and(mload(add(r, ROUND_ENTRY_AGENTS)), ENTRY_WEIGHTS_MASK))
            let firstP := not(sub(shl(sub(256, shl(3, p)), 1), 1))
            let at := add(packedOffset, add(1, ENTRY_HEAD))
            for { let k := 0 } lt(k, p) { k := add(k, 1) } {
                let votes := and(calldataload(at), firstP) // P ≤ 10 bytes
                // The high bit of each byte q whose entry shares the voter's group (its own included):
                // only its own when no operator has several agents (no label test needed).
                let sameGroup := shl(sub(255, shl(3, k)), 1)
                // Non-zero if a vote it may not cast is not zero: then its own vote.
                let forbidden := byte(k, votes)
                if shared {
                    sameGroup := xor(groupBytes, mul(byte(k, groupBytes), 0x0101010101010101010101010101010101010101010101010101010101010101))
                    sameGroup := and(not(or(or(add(and(sameGroup, 0x7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f), 0x7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f), sameGroup), 0x7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f)), firstP)
                    // ... with a non-zero vote (high bit of each non-zero vote byte).
                    forbidden := and(sameGroup, or(add(and(votes, 0x7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f), 0x7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f), votes))
                }
                if forbidden {
                    failure := or(FORBIDDEN_VOTE, shl(FAILURE_ENTRY_SHIFT, k))
                    break
                }
                {
                    let spent := _spentOf(votes, p)
                    if gt(spent, credits) {
                        failure := or(OVERSPENT, or(shl(FAILURE_ENTRY_SHIFT, k), shl(FAILURE_SPENT_SHIFT, spent)))
                        break
                    }
                }
                votes := xor(votes, and(firstP, 0x8080808080808080808080808080808080808080808080808080808080808080))
                {
                    // 0x00ff…: the odd bytes, where 16-bit lanes end; each lane times the weight.
                    let w := add(1, byte(sub(20, k), groupBytes))
                    let e := and(shr(8, votes), 0x00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff)
                    scores := add(scores, mul(or(sub(votes, shl(8, e)), shr(80, e)), w))
                }
                mstore(add(columns, shl(5, k)), _column(votes, sameGroup))
                at := add(at, mload(add(r, ROUND_ENTRY_LENGTH)))
            }

            /// Σ v² of a ballot: unrolled over the first 5 bytes and, if P > 5, the next 5 (bytes
            /// past P are zero); each byte sign-extended in place (a Yul function per square costs
            /// more in jumps than the square).
            function _spentOf(votes, count) -> spent {
                let v := signextend(0, byte(0, votes))
                spent := mul(v, v)
                v := signextend(0, byte(1, votes))
                spent := add(spent, mul(v, v))
                v := signextend(0, byte(2, votes))
                spent := add(spent, mul(v, v))
                v := signextend(0, byte(3, votes))
                spent := add(spent, mul(v, v))
                v := signextend(0, byte(4, votes))
                spent := add(spent, mul(v, v))
                if gt(count, 5) {
                    v := signextend(0, byte(5, votes))
                    spent := add(spent, mul(v, v))
                    v := signextend(0, byte(6, votes))
                    spent := add(spent, mul(v, v))
                    v := signextend(0, byte(7, votes))
                    spent := add(spent, mul(v, v))
                    v := signextend(0, byte(8, votes))
                    spent := add(spent, mul(v, v))
                    v := signextend(0, byte(9, votes))
                    spent := add(spent, mul(v, v))
                }
            }

            /// A ballot's column word: its biased votes spread into 16-bit lanes (lane j < 5 holds
            /// entry 2j + 1, lane 5 + j entry 2j), a forbidden byte (biased 0x80, its vote being 0,
            /// flagged by the high bit in `forbidden`) set to 0xff.
            function _column(biased, forbidden) -> column {
                biased := or(biased, sub(forbidden, shr(7, forbidden)))
                column := or(
                    and(biased, 0x00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff),
                    shr(80, and(shr(8, biased), 0x00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff))
                )
            }
        }
    }

    /**
     * @notice Every entry's median vote (biased: v + 128) from its eligible evaluators, in the lanes
     * of {tally}'s column words: of the k votes cast for it by present agents of other operators,
     * sorted, the mean of the ⌊(k − 1)/2⌋-th and ⌊k/2⌋-th, rounded down (the middle one when k is
     * odd); 0 when k = 0.
     * @dev A column holds 0xff (above every vote) where the voter may not vote, so sorting a lane's
     * P values puts the k eligible votes first. With one ineligible value per lane (no operator has
     * two agents), k = P − 1 and the T + 1 smallest, T = ⌊(P − 1)/2⌋, are kept in buffers by
     * insertion, one SWAR compare-exchange per buffer per column (each lane's values ≤ 0xff, so bit 8
     * of 0x100 + a − b says a ≥ b with no borrow): up to T = 2 (P ≤ 6) on the stack. When an
     * operator has several agents, lane q's middle buffers follow from its own k_q.
     */
    function medians(Round memory r, uint256 columns, RoundTerms terms) internal pure returns (uint256 med) {
        assembly ("memory-safe") {
            // INF: 0xff in every 16-bit lane (above every vote); H: bit 8 of every lane.
            let p := mload(add(r, ROUND_P))
            // T = ⌊(P − 1)/2⌋ when no operator has several agents (bit 127 of the terms), else ≥ 8.
            switch add(shr(1, sub(p, 1)), shl(3, and(shr(127, terms), 1)))
            case 0 {
                // P = 2: the one vote, the smallest of the column (the other value is 0xff).
                med := 0x00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff
                for { let k := 0 } lt(k, p) { k := add(k, 1) } { med := _min(med, mload(add(columns, shl(5, k)))) }
            }
            case 1 {
                // P = 3 (k = 2: the mean of both) or 4 (k = 3: the second).
                let s0 := 0x00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff
                med := s0
                for { let k := 0 } lt(k, p) { k := add(k, 1) } {
                    let w
                    s0, w := _exchange(s0, mload(add(columns, shl(5, k))))
                    med := _min(med, w)
                }
                if eq(p, 3) { med := _mean(s0, med) }
            }
            case 2 {
                // P = 5 (k = 4: the mean of the second and third) or 6 (k = 5: the third).
                let s0 := 0x00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff
                let s1 := s0
                med := s0
                for { let k := 0 } lt(k, p) { k := add(k, 1) } {
                    let w
                    s0, w := _exchange(s0, mload(add(columns, shl(5, k))))
                    s1, w := _exchange(s1, w)
                    med := _min(med, w)
                }
                if eq(p, 5) { med := _mean(s1, med) }
            }
            default {
                // P ≥ 7, or some operator has several agents: every buffer up to T, in scratch
                // memory past the free pointer (not kept); with shared operators each lane's own
                // middle buffers.
                let buf := mload(0x40)
                let last := add(buf, shl(5, shr(1, sub(p, 1))))
                for { let j := buf } iszero(gt(j, last)) { j := add(j, 32) } { mstore(j, 0x00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff) }
                for { let k := 0 } lt(k, p) { k := add(k, 1) } {
                    let w := mload(add(columns, shl(5, k)))
                    for { let j := buf } iszero(gt(j, last)) { j := add(j, 32) } {
                        let lo
                        lo, w := _exchange(mload(j), w)
                        mstore(j, lo)
                    }
                }
                switch and(shr(127, terms), 1)
                case 0 {
                    // k = P − 1: buffers ⌊(P − 2)/2⌋ and T.
                    med := _mean(mload(add(buf, shl(5, shr(1, sub(p, 2))))), mload(last))
                }
                default {
                    // Lane of entry q: q odd → q >> 1, q even → 5 + (q >> 1); counted from the top.
                    let agents := mload(add(r, ROUND_ENTRY_AGENTS))
                    let groupsByAgent := and(shr(80, terms), 0xffffffffff) // RoundTerms.operatorGroups
                    for { let q := 0 } lt(q, p) { q := add(q, 1) } {
                        let group := _group(q, agents, groupsByAgent)
                        let k := p
                        for { let e := 0 } lt(e, p) { e := add(e, 1) } {
                            k := sub(k, eq(_group(e, agents, groupsByAgent), group))
                        }
                        if k {
                            let lane := shl(sub(240, shl(4, add(shr(1, q), mul(iszero(and(q, 1)), 5)))), 0xff)
                            let lo := mload(add(buf, shl(5, shr(1, sub(k, 1)))))
                            let hi := mload(add(buf, shl(5, shr(1, k))))
                            med := or(med, and(_mean(lo, hi), lane))
                        }
                    }
                }
            }

            /// Lane-wise (min, max) of two words of 16-bit lanes holding values ≤ 0xff: bit 8 of
            /// 0x100 + a − b is set where a ≥ b (no lane borrows), spread into a 0xff mask.
            function _exchange(a, b) -> lo, hi {
                let ge := and(sub(or(a, 0x0100010001000100010001000100010001000100010001000100010001000100), b), 0x0100010001000100010001000100010001000100010001000100010001000100)
                let d := and(xor(a, b), sub(ge, shr(8, ge)))
                lo := xor(a, d)
                hi := xor(b, d)
            }

            /// Lane-wise min (see _exchange).
            function _min(a, b) -> lo {
                let ge := and(sub(or(a, 0x0100010001000100010001000100010001000100010001000100010001000100), b), 0x0100010001000100010001000100010001000100010001000100010001000100)
                lo := xor(a, and(xor(a, b), sub(ge, shr(8, ge))))
            }

            /// Lane-wise ⌊(a + b) / 2⌋ of two words of 16-bit lanes holding values ≤ 0xff.
            function _mean(a, b) -> m {
                m := and(shr(1, add(a, b)), 0x00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff)
            }

            /// Entry q's operator group.
            function _group(q, agents, groups) -> g {
                g := and(shr(shl(LOG2_OPERATOR_GROUP_BITS, and(shr(shl(3, q), agents), 0xff)), groups), OPERATOR_GROUP_MASK)
            }
        }
    }

    /**
     * @notice The round's outcome from the score lanes and the medians (lanes as {tally}'s columns:
     * entry q in lane q >> 1 if q is odd, 5 + (q >> 1) if even, counted from the top): `word`, a
     * {RoundOutcome} but for its present field (the scores as int16 lanes by agent index, the winner
     * (top score; a tie goes to the first tied entry at or after entry proposalsHash mod P) by agent index and each
     * present agent's level); the winner's hash; and `added`, the levels in 16-bit lanes by agent
     * index (what the round adds to the session's quality lanes). Returned on the stack: a memory
     * struct would be allocated and zeroed by the callee and its caller.
     * A level is the entry's median (see {medians}) clamped to [−L, L], plus L (L = the terms'
     * fairVote), so in [0, 2L]. Every score lane carries the same bias, 128 · Σ w over the entries,
     * which the scores have removed.
     */
    function outcome(Round memory r, bytes calldata packed, uint256 scores, uint256 med)
        internal
        pure
        returns (uint256 word, bytes32 winnerHash, uint256 added)
    {
        assembly ("memory-safe") {
            {
                // Clamp every 16-bit lane of `med` to [128 − L, 128 + L] at once (SWAR min and max:
                // each lane ≤ 0xff, so bit 8 of 0x100 + a − b says a ≥ b), then subtract 128 − L.
                let fairVote := and(shr(120, mload(add(r, ROUND_TERMS))), 0x7f) // RoundTerms.fairVote
                let h := 0x0100010001000100010001000100010001000100010001000100010001000100
                let low := mul(sub(128, fairVote), 0x0001000100010001000100010001000100010001000100010001000100010001)
                let high := add(low, mul(shl(1, fairVote), 0x0001000100010001000100010001000100010001000100010001000100010001))
                let ge := and(sub(or(med, h), low), h)
                med := xor(low, and(xor(med, low), sub(ge, shr(8, ge)))) // max(med, low)
                ge := and(sub(or(med, h), high), h)
                med := sub(xor(med, and(xor(med, high), sub(ge, shr(8, ge)))), low) // min(·, high) − low
            }
            let p := mload(add(r, ROUND_P))
            let agents := mload(add(r, ROUND_ENTRY_AGENTS))
            // Σ w = P + Σ (w − 1): the entries' weight bytes of `entryAgents` (each ≤ 15, their sum
            // ≤ 150) summed into one byte by a multiplication, no byte carrying into the next.
            let biasOf := shl(7, add(p, and(shr(72, mul(shr(ENTRY_WEIGHTS_SHIFT, agents), 0x01010101010101010101)), 0xff)))
            // Equal top scores go to the first tied entry at or after entry s = proposalsHash mod P,
            // in hash order and round the end: compare score · 256 + (255 − (q − s mod P)). A
            // proposer cannot aim (its own hash moves s, which it cannot foresee without every
            // other proposal), where the lower hash alone let it grind its salt to win every tie.
            let bestKey := 0
            let s := mod(mload(add(r, ROUND_PROPOSALS_HASH)), p)
            let turn := sub(p, s)
            let aScores := 0
            for { let q := 0 } lt(q, p) { q := add(q, 1) } {
                // Entry q's lane, from the top: q odd → q >> 1, q even → 5 + (q >> 1); as a shift,
                // 240 − 16 · lane, byte q of this table.
                let shift := byte(q, 0xa0f090e080d070c060b000000000000000000000000000000000000000000000)
                let lane := and(shr(shift, scores), 0xffff)
                let key := or(shl(8, lane), sub(255, mod(add(q, turn), p)))
                if gt(key, bestKey) { bestKey := key }
                // The agent's 16-bit lane, in the scores and in the quality lanes alike (both have
                // 16-bit lanes by agent index: test/contracts/RoundMathLayout.t.sol checks it).
                let at := shl(LOG2_SCORE_LANE_BITS, byte(sub(31, q), agents)) // entry q's agent: bits 8q
                aScores := or(aScores, shl(at, and(sub(lane, biasOf), SCORE_LANE_MASK)))
                added := or(added, shl(at, and(shr(shift, med), 0xff)))
            }
            let best := mod(add(sub(255, and(bestKey, 0xff)), s), p)
            winnerHash := calldataload(add(packed.offset, add(2, mul(best, mload(add(r, ROUND_ENTRY_LENGTH))))))
            // The levels field: the 16-bit lanes of `added` (each ≤ 0xff) halved to 8-bit lanes.
            let levels := and(or(added, shr(8, added)), 0x0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff)
            levels := and(or(levels, shr(16, levels)), 0x00000000ffffffff00000000ffffffff00000000ffffffff00000000ffffffff)
            levels := and(or(levels, shr(32, levels)), 0x0000000000000000ffffffffffffffff0000000000000000ffffffffffffffff)
            levels := and(or(levels, shr(64, levels)), 0xffffffffffffffffffff)
            word := or(or(aScores, shl(LEVELS_SHIFT, levels)), shl(WINNER_SHIFT, and(shr(shl(3, best), agents), 0xff)))
        }
    }
}
