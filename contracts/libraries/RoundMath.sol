// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @title RoundMath
 * @notice The hot loops of {ISessions-recordRound}, in inline assembly over the packed round
 * (whose exact length the caller has checked, so every calldata read lies inside it). They report
 * failures as codes; the caller raises the custom errors. Scores are biased 21-bit lanes, one per
 * entry: lane q = 2^20 + Σ votes for entry q, which stays in [2^20 − 1 280, 2^20 + 1 280] (≤ 10
 * voters, |v| ≤ 128), so adding a negative vote never borrows from the next lane.
 */
library RoundMath {
    /// @notice agentIndex (1) + proposalHash (32) + r (32) + s (32) + v (1); the P vote bytes follow.
    uint256 internal constant ENTRY_HEAD = 98;
    /// @notice Failure codes of {tally}.
    uint256 internal constant FORBIDDEN_VOTE = 1;
    uint256 internal constant OVERSPENT = 2;

    uint256 private constant LANE_BITS = 21;
    uint256 private constant BIAS = 1 << 20;
    /// @dev secp256k1 n/2: a higher s is the malleable twin of a valid signature.
    uint256 private constant HALF_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// @notice One round's shape. Field order matters: the assembly reads fields by offset.
    struct Round {
        uint256 sessionId; //   0
        uint256 round; //      32
        uint256 n; //          64 agents in the session
        uint256 p; //          96 present agents (entries)
        uint256 entryLength; // 128
        uint256 entryAgents; // 160 8-bit lanes: the agent index of entry k
        bytes32 typehash; //  192
        bytes32 domain; //    224
    }

    /// @notice What a round leaves behind (see {outcome}).
    struct Outcome {
        uint256 winner;
        bytes32 winnerHash;
        uint256 support;
        uint256 backing;
        uint256 agentScores;
    }

    /**
     * @notice The signer of the entry at `offset`: keccak256 of its votes, the Ballot struct hash,
     * the EIP-712 digest, then ecrecover. Zero for a high-s or non-27/28 v signature, or a failed recovery.
     */
    function entrySigner(Round memory r, bytes calldata packed, uint256 offset) internal view returns (address signer) {
        assembly ("memory-safe") {
            let m := mload(0x40) // scratch past the free memory pointer, never kept
            let at := add(packed.offset, offset)
            let p := mload(add(r, 96))
            calldatacopy(m, add(at, ENTRY_HEAD), p)
            let votesHash := keccak256(m, p)
            mstore(m, mload(add(r, 192)))
            mstore(add(m, 32), mload(r))
            mstore(add(m, 64), mload(add(r, 32)))
            mstore(add(m, 96), calldataload(add(at, 1)))
            mstore(add(m, 128), votesHash)
            let structHash := keccak256(m, 160)
            mstore(m, shl(240, 0x1901))
            mstore(add(m, 2), mload(add(r, 224)))
            mstore(add(m, 34), structHash)
            let digest := keccak256(m, 66)
            let s := calldataload(add(at, 65))
            let v := byte(0, calldataload(add(at, 97)))
            if and(iszero(gt(s, HALF_ORDER)), or(eq(v, 27), eq(v, 28))) {
                mstore(m, digest)
                mstore(add(m, 32), v)
                mstore(add(m, 64), calldataload(add(at, 33)))
                mstore(add(m, 96), s)
                mstore(add(m, 128), 0)
                pop(staticcall(gas(), 1, m, 128, add(m, 128), 32))
                signer := mload(add(m, 128))
            }
        }
    }

    /**
     * @notice Tallies every ballot into biased score lanes (entry order). `failure` is 0, or
     * FORBIDDEN_VOTE | k << 8 (entry k cast a non-zero vote for an entry of its own operator group,
     * which includes its own entry), or OVERSPENT | k << 8 | spent << 16.
     * @dev The group rule is checked per ballot on all P vote bytes at once (SWAR): byte q of
     * `groupBytes` is entry q's group, so XOR with the voter's group zeroes exactly the forbidden
     * bytes; a forbidden byte with a non-zero vote is a violation.
     */
    function tally(Round memory r, bytes calldata packed, uint256 groupsByAgent, uint256 credits)
        internal
        pure
        returns (uint256 scores, uint256 failure)
    {
        assembly ("memory-safe") {
            let p := mload(add(r, 96))
            let agents := mload(add(r, 160))
            let groupBytes := 0
            for { let q := 0 } lt(q, p) { q := add(q, 1) } {
                let group := and(shr(mul(4, and(shr(mul(8, q), agents), 0xff)), groupsByAgent), 0xf)
                groupBytes := or(groupBytes, shl(sub(248, mul(8, q)), group))
                scores := add(scores, shl(mul(LANE_BITS, q), BIAS))
            }
            let lo7 := 0x7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f
            let firstP := not(sub(shl(sub(256, mul(8, p)), 1), 1))
            let votesAt := add(packed.offset, add(1, ENTRY_HEAD))
            let entryLength := mload(add(r, 128))
            for { let k := 0 } lt(k, p) { k := add(k, 1) } {
                let votes := and(calldataload(add(votesAt, mul(k, entryLength))), firstP) // P ≤ 12 bytes
                let x := xor(groupBytes, mul(byte(k, groupBytes), 0x0101010101010101010101010101010101010101010101010101010101010101))
                let sameGroup := not(or(or(add(and(x, lo7), lo7), x), lo7)) // high bit of each zero byte of x
                let voted := or(add(and(votes, lo7), lo7), votes) // high bit of each non-zero vote byte
                if and(and(sameGroup, voted), not(lo7)) {
                    failure := or(FORBIDDEN_VOTE, shl(8, k))
                    break
                }
                let spent := 0
                for { let q := 0 } lt(q, p) { q := add(q, 1) } {
                    let v := signextend(0, byte(q, votes))
                    spent := add(spent, mul(v, v))
                    scores := add(scores, shl(mul(LANE_BITS, q), v))
                }
                if gt(spent, credits) {
                    failure := or(OVERSPENT, or(shl(8, k), shl(16, spent)))
                    break
                }
            }
        }
    }

    /**
     * @notice The round's outcome from the score lanes: the winner (top score; a tie goes to the
     * lower hash, i.e. the earlier entry) by agent index and its hash; `support` with each positive
     * score added to its agent's 16-bit lane; each evaluator's positive vote for the winner in its
     * 7-bit backing lane; and the scores as int16 lanes by agent index.
     */
    function outcome(Round memory r, bytes calldata packed, uint256 scores, uint256 support)
        internal
        pure
        returns (Outcome memory o)
    {
        uint256 best = _best(r.p, scores);
        o.support = support;
        assembly ("memory-safe") {
            let entryLength := mload(add(r, 128))
            let votesForBest := add(packed.offset, add(add(1, ENTRY_HEAD), best))
            let sup := support
            let back := 0
            let aScores := 0
            for { let q := 0 } lt(q, mload(add(r, 96))) { q := add(q, 1) } {
                let agent := and(shr(mul(8, q), mload(add(r, 160))), 0xff)
                let score := sub(and(shr(mul(LANE_BITS, q), scores), sub(shl(LANE_BITS, 1), 1)), BIAS)
                aScores := or(aScores, shl(mul(16, agent), and(score, 0xffff)))
                if sgt(score, 0) { sup := add(sup, shl(mul(16, agent), score)) }
                let vote := signextend(0, byte(0, calldataload(add(votesForBest, mul(q, entryLength)))))
                if sgt(vote, 0) { back := or(back, shl(mul(7, agent), vote)) }
            }
            mstore(o, and(shr(mul(8, best), mload(add(r, 160))), 0xff))
            mstore(add(o, 32), calldataload(add(packed.offset, add(2, mul(best, entryLength)))))
            mstore(add(o, 64), sup)
            mstore(add(o, 96), back)
            mstore(add(o, 128), aScores)
        }
    }

    /// @dev The entry with the top biased score; the first (lowest hash) of equals.
    function _best(uint256 p, uint256 scores) private pure returns (uint256 best) {
        assembly ("memory-safe") {
            let mask := sub(shl(LANE_BITS, 1), 1)
            let bestScore := and(scores, mask)
            for { let q := 1 } lt(q, p) { q := add(q, 1) } {
                let lane := and(shr(mul(LANE_BITS, q), scores), mask)
                if gt(lane, bestScore) {
                    best := q
                    bestScore := lane
                }
            }
        }
    }
}
