// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {FAILURE_ENTRY_SHIFT, RoundFailure} from "./RoundFailure.sol";
import {LOG2_WEIGHT_BITS, WEIGHTS_SHIFT} from "./RoundTerms.sol";
import {
    ENTRY_WEIGHTS_SHIFT,
    ROUND_DOMAIN,
    ROUND_ENTRY_AGENTS,
    ROUND_ENTRY_LENGTH,
    ROUND_N,
    ROUND_P,
    ROUND_PROPOSALS_HASH,
    ROUND_ROUND,
    ROUND_TERMS,
    ROUND_TYPEHASH,
    RoundMath
} from "./RoundMath.sol";

/**
 * @title RoundRecovery
 * @notice The signer-recovery loop of {ISessions-recordRound}, in inline assembly over the packed
 * round (whose exact length the caller has checked, so every calldata read lies inside it). Each
 * entry's EIP-712 digest is built in a fixed scratch area where the type hash, session id, round,
 * the round's proposalsHash (one keccak over the entries' hashes), the 0x1901 prefix and the (cached)
 * domain separator are written once per round: per ballot only the proposal hash and the two hashes
 * that depend on it are written, and two keccaks run (the votes are one word, not hashed). A
 * ballot signed over another list of proposals therefore recovers another address (BAD_SIGNATURE).
 */
library RoundRecovery {
    /// @notice Failure codes of {recoverSigners} (a {RoundFailure}'s code).
    uint256 internal constant BAD_INDEX = 1;
    uint256 internal constant BAD_ORDER = 2;
    uint256 internal constant BAD_SIGNATURE = 3;

    /// @dev secp256k1 n/2: a higher s is the malleable twin of a valid signature.
    uint256 private constant HALF_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /**
     * @notice Checks each entry's agent index (in range, not yet present) and hash order (strictly
     * ascending, so none is zero or repeated), recovers its signer into word 2 + agentIndex of
     * `key` (words 0 and 1 are the session id and terms), then copies each absent agent's signer
     * from the trailer.
     * Sets `r.entryAgents` (each entry's agent index and weight). `failure` is zero or a code at the failing entry; a signature is bad if
     * high-s, v ∉ {27, 28}, or it recovers nothing.
     * @param key Memory address of n + 2 words: keccak256 over them is the session's live key.
     */
    function recoverSigners(RoundMath.Round memory r, bytes calldata packed, uint256 key)
        internal
        view
        returns (uint256 present, RoundFailure failure)
    {
        assembly ("memory-safe") {
            let p := mload(add(r, ROUND_P))
            // Scratch past the free memory pointer, never kept: the Ballot struct at m (6 words),
            // the digest preimage at m + 192 (66 bytes), ecrecover's input at m + 288 (4 words)
            // and output at m + 416, the votes mask at m + 448.
            let m := mload(0x40)
            mstore(m, mload(add(r, ROUND_TYPEHASH)))
            mstore(add(m, 32), mload(r)) // ROUND_SESSION_ID = 0
            mstore(add(m, 64), mload(add(r, ROUND_ROUND)))
            // proposalsHash: keccak256 over the entries' hashes in entry order (which the loop below
            // checks is strictly ascending), the same in every ballot. Gathered into the digest and
            // ecrecover scratch (written after it), unrolled like {RoundMath-tally}'s Σ v²: five
            // hashes, then five more if P > 5 (P ≥ 2; a slot past P is hashed by no one).
            {
                let step := mload(add(r, ROUND_ENTRY_LENGTH))
                let from := add(packed.offset, 2)
                mstore(add(m, 192), calldataload(from))
                from := add(from, step)
                mstore(add(m, 224), calldataload(from))
                from := add(from, step)
                mstore(add(m, 256), calldataload(from))
                from := add(from, step)
                mstore(add(m, 288), calldataload(from))
                from := add(from, step)
                mstore(add(m, 320), calldataload(from))
                if gt(p, 5) {
                    from := add(from, step)
                    mstore(add(m, 352), calldataload(from))
                    from := add(from, step)
                    mstore(add(m, 384), calldataload(from))
                    from := add(from, step)
                    mstore(add(m, 416), calldataload(from))
                    from := add(from, step)
                    mstore(add(m, 448), calldataload(from))
                    from := add(from, step)
                    mstore(add(m, 480), calldataload(from))
                }
                let proposalsHash := keccak256(add(m, 192), shl(5, p))
                mstore(add(m, 128), proposalsHash)
                mstore(add(r, ROUND_PROPOSALS_HASH), proposalsHash)
            }
            mstore(add(m, 192), shl(240, 0x1901))
            mstore(add(m, 194), mload(add(r, ROUND_DOMAIN)))
            let at := add(packed.offset, 1)
            // The first P bytes of a word set: the votes word's mask, kept in scratch (the stack is full).
            mstore(add(m, 448), not(sub(shl(sub(256, shl(3, p)), 1), 1)))
            let previous := 0
            let agents := 0
            // Bits n and up set, as if those agents were present: one test refuses an index out of
            // range or already present; cleared after the loop.
            present := not(sub(shl(mload(add(r, ROUND_N)), 1), 1))
            for { let k := 0 } lt(k, p) { k := add(k, 1) } {
                let agent := byte(0, calldataload(at))
                let hash := calldataload(add(at, 1))
                if and(shr(agent, present), 1) {
                    failure := or(BAD_INDEX, shl(FAILURE_ENTRY_SHIFT, k))
                    break
                }
                if iszero(gt(hash, previous)) {
                    failure := or(BAD_ORDER, shl(FAILURE_ENTRY_SHIFT, k))
                    break
                }
                mstore(add(m, 96), hash)
                // The votes word: the entry's P vote bytes, left-aligned, the rest cleared.
                mstore(add(m, 160), and(calldataload(add(at, 98)), mload(add(m, 448))))
                mstore(add(m, 226), keccak256(m, 192))
                mstore(add(m, 288), keccak256(add(m, 192), 66))
                let signer
                {
                    let s := calldataload(add(at, 65))
                    mstore(add(m, 320), byte(0, calldataload(add(at, 97))))
                    mstore(add(m, 352), calldataload(add(at, 33)))
                    mstore(add(m, 384), s)
                    // For v ∉ {27, 28} or no curve point ecrecover returns nothing (the output word
                    // keeps an earlier value, so it counts only with return data); high s is refused here.
                    pop(staticcall(gas(), 1, add(m, 288), 128, add(m, 416), 32))
                    signer := mul(mload(add(m, 416)), and(gt(returndatasize(), 0), iszero(gt(s, HALF_ORDER))))
                }
                if iszero(signer) {
                    failure := or(BAD_SIGNATURE, shl(FAILURE_ENTRY_SHIFT, k))
                    break
                }
                mstore(add(key, shl(5, add(agent, 2))), signer)
                present := or(present, shl(agent, 1))
                // The entry's agent index, and its weight − 1 from the terms (see RoundMath.Round).
                agents := or(agents, shl(shl(3, k), or(agent, shl(ENTRY_WEIGHTS_SHIFT, and(shr(add(WEIGHTS_SHIFT, shl(LOG2_WEIGHT_BITS, agent)), mload(add(r, ROUND_TERMS))), 0xf)))))
                previous := hash
                at := add(at, mload(add(r, ROUND_ENTRY_LENGTH)))
            }
            mstore(add(r, ROUND_ENTRY_AGENTS), agents)
            present := and(present, sub(shl(mload(add(r, ROUND_N)), 1), 1))
            // The trailer's absent signers (none when every agent attested: the loop is skipped).
            if iszero(or(failure, eq(p, mload(add(r, ROUND_N))))) {
                for { let i := 0 } lt(i, mload(add(r, ROUND_N))) { i := add(i, 1) } {
                    if iszero(and(shr(i, present), 1)) {
                        mstore(add(key, shl(5, add(i, 2))), shr(96, calldataload(at)))
                        at := add(at, 20)
                    }
                }
            }
        }
    }
}
