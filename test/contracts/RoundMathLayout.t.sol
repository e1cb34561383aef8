// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {
    ENTRY_WEIGHTS_MASK,
    ENTRY_WEIGHTS_SHIFT,
    ROUND_DOMAIN,
    ROUND_ENTRY_AGENTS,
    ROUND_ENTRY_LENGTH,
    ROUND_N,
    ROUND_P,
    ROUND_PROPOSALS_HASH,
    ROUND_ROUND,
    ROUND_SESSION_ID,
    ROUND_TERMS,
    ROUND_TYPEHASH,
    RoundMath
} from "../../contracts/libraries/RoundMath.sol";
import {
    LEVELS_SHIFT,
    LOG2_LEVEL_LANE_BITS,
    LOG2_SCORE_LANE_BITS,
    PRESENT_SHIFT,
    RoundOutcome,
    SCORE_LANE_BITS,
    SCORE_LANE_MASK,
    WINNER_SHIFT
} from "../../contracts/libraries/RoundOutcome.sol";
import {
    LOG2_OPERATOR_GROUP_BITS,
    OPERATOR_GROUP_BITS,
    OPERATOR_GROUP_MASK,
    RoundTerms
} from "../../contracts/libraries/RoundTerms.sol";
import {LOG2_QUALITY_LANE_BITS, QUALITY_LANE_BITS} from "../../contracts/libraries/SessionState.sol";

/**
 * @notice The constants RoundMath's assembly uses in place of numbers: the ROUND_* offsets are the
 * memory struct's fields, the RoundOutcome shifts its setters', and the lane literals agree with
 * the lane widths.
 */
contract RoundMathLayoutTest {
    /// @dev MAX_AGENTS (10) lanes fill each per-agent field; the assembly's literals agree with the widths.
    function test_lanes_fitTheirFieldsAndAgreeWithTheirLiterals() public pure {
        require(10 * QUALITY_LANE_BITS == 160 && QUALITY_LANE_BITS == 1 << LOG2_QUALITY_LANE_BITS, "quality");
        require(64 * 200 < 1 << QUALITY_LANE_BITS, "quality lane (64 rounds of levels up to 200)");
        require(LEVELS_SHIFT + (10 << LOG2_LEVEL_LANE_BITS) == 256 && 200 < 1 << (1 << LOG2_LEVEL_LANE_BITS), "levels");
        require(10 * OPERATOR_GROUP_BITS == 40 && OPERATOR_GROUP_BITS == 1 << LOG2_OPERATOR_GROUP_BITS, "groups");
        require(OPERATOR_GROUP_MASK == (1 << OPERATOR_GROUP_BITS) - 1, "group mask");
        require(10 * SCORE_LANE_BITS == 160 && SCORE_LANE_BITS == 1 << LOG2_SCORE_LANE_BITS, "scores");
        require(SCORE_LANE_MASK == (1 << SCORE_LANE_BITS) - 1, "score mask");
        // RoundMath.outcome places an agent's score and its quality lane at one shift.
        require(LOG2_SCORE_LANE_BITS == LOG2_QUALITY_LANE_BITS, "score and quality lanes differ");
        // entryAgents: ten 8-bit agent indexes below the ten 8-bit weight lanes, which the mask covers
        // and RoundMath.tally reads as byte 20 − k.
        require(ENTRY_WEIGHTS_SHIFT >= 80 && ENTRY_WEIGHTS_MASK == ((1 << 80) - 1) << ENTRY_WEIGHTS_SHIFT, "weights");
        require(ENTRY_WEIGHTS_SHIFT == 8 * (31 - 20), "weight of entry 0 is byte 20");
    }

    function test_roundMath_roundOffsetsAreItsFields() public pure {
        RoundMath.Round memory r = RoundMath.Round({
            sessionId: 11,
            round: 12,
            n: 13,
            p: 14,
            entryLength: 15,
            entryAgents: 16,
            typehash: bytes32(uint256(17)),
            domain: bytes32(uint256(18)),
            terms: RoundTerms.wrap(19)
        });
        uint256 at;
        assembly ("memory-safe") {
            at := r
        }
        require(_word(at, ROUND_SESSION_ID) == 11 && ROUND_SESSION_ID == 0, "sessionId (read at offset 0)");
        require(_word(at, ROUND_ROUND) == 12, "round");
        require(_word(at, ROUND_N) == 13, "n");
        require(_word(at, ROUND_P) == 14, "p");
        require(_word(at, ROUND_ENTRY_LENGTH) == 15, "entryLength");
        require(_word(at, ROUND_ENTRY_AGENTS) == 16, "entryAgents");
        require(_word(at, ROUND_TYPEHASH) == 17, "typehash");
        require(_word(at, ROUND_DOMAIN) == 18, "domain");
        require(_word(at, ROUND_TERMS) == 19, "terms");
        // recoverSigners puts the proposalsHash in the typehash's word once it has used the typehash.
        require(ROUND_PROPOSALS_HASH == ROUND_TYPEHASH, "proposalsHash");
    }

    function test_roundOutcome_shiftsForAssemblyAreTheSetters() public pure {
        // RoundMath.outcome builds the word with these shifts; RoundOutcome's setters and getters agree.
        require(RoundOutcome.unwrap(RoundOutcome.wrap(0).setWinner(9)) == 9 << WINNER_SHIFT, "winner");
        require(RoundOutcome.unwrap(RoundOutcome.wrap(0).setPresent(0x3ff)) == 0x3ff << PRESENT_SHIFT, "present");
    }

    function _word(uint256 at, uint256 offset) private pure returns (uint256 word) {
        assembly ("memory-safe") {
            word := mload(add(at, offset))
        }
    }
}
