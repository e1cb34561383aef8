// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @dev A recorded round's outcome, the `outcome` word of {ISessionsEvents-RoundRecorded}:
 *
 *   bits     field    meaning
 *   0–159    scores   int16 lanes of SCORE_LANE_BITS (16): agent i's score (Σ of the votes its
 *                     proposal received; 0 for an absent agent)
 *   160–169  present  bitmap of the agents that attested, by agent index (the others were absent)
 *   170–173  winner   the round winner's agent index
 *   174–175  zero
 *   176–255  levels   lanes of LEVEL_LANE_BITS (8): agent i's level in the round, in [0, 2L] (the
 *                     median of its eligible evaluators' votes clamped to [−L, L], plus L; 0 when
 *                     absent)
 */
type RoundOutcome is uint256;

using RoundOutcomeLibrary for RoundOutcome global;

/// @dev log2 of the width of one agent's lane in the scores field, for assembly (lane i starts at
/// bit i << LOG2_SCORE_LANE_BITS).
uint256 constant LOG2_SCORE_LANE_BITS = 4;
/// @dev Width of one agent's lane in the scores field.
uint256 constant SCORE_LANE_BITS = 1 << LOG2_SCORE_LANE_BITS;
/// @dev One lane of the scores field: (1 << SCORE_LANE_BITS) − 1, as a literal for assembly.
uint256 constant SCORE_LANE_MASK = 0xffff;
/// @dev Where the levels field starts, and log2 of its lanes' width (lane i starts at bit
/// LEVELS_SHIFT + (i << LOG2_LEVEL_LANE_BITS)).
uint256 constant LEVELS_SHIFT = 176;
uint256 constant LOG2_LEVEL_LANE_BITS = 3;
/// @dev Where the present and winner fields start, for assembly.
uint256 constant PRESENT_SHIFT = 160;
uint256 constant WINNER_SHIFT = 170;

/// @notice Getters and setters of {RoundOutcome}'s fields. A setter masks its value to the field.
library RoundOutcomeLibrary {
    uint256 private constant MASK_160_BITS = 0x00ffffffffffffffffffffffffffffffffffffffff;

    uint256 private constant MASK_4_BITS = 0xf;
    uint256 private constant MASK_10_BITS = 0x3ff;

    /// @notice A whole outcome word. Unlike the setters it does not mask: each value must fit its
    /// field (scores are written lane by lane, 16 bits each).
    function pack(uint256 _scores, uint256 _present, uint256 _winner, uint256 _levels)
        internal
        pure
        returns (RoundOutcome _result)
    {
        assembly ("memory-safe") {
            _result := or(or(_scores, _levels), or(shl(PRESENT_SHIFT, _present), shl(WINNER_SHIFT, _winner)))
        }
    }

    /// @notice Every agent's score, in int16 lanes of SCORE_LANE_BITS.
    function scores(RoundOutcome self) internal pure returns (uint160 _scores) {
        assembly ("memory-safe") {
            _scores := and(MASK_160_BITS, self)
        }
    }

    /// @notice Agent `agent`'s score (`agent` < 10).
    function score(RoundOutcome self, uint256 agent) internal pure returns (int16 _score) {
        assembly ("memory-safe") {
            _score := signextend(1, and(SCORE_LANE_MASK, shr(shl(LOG2_SCORE_LANE_BITS, agent), self)))
        }
    }

    function present(RoundOutcome self) internal pure returns (uint16 _present) {
        assembly ("memory-safe") {
            _present := and(MASK_10_BITS, shr(PRESENT_SHIFT, self))
        }
    }

    function winner(RoundOutcome self) internal pure returns (uint8 _winner) {
        assembly ("memory-safe") {
            _winner := and(MASK_4_BITS, shr(WINNER_SHIFT, self))
        }
    }

    /// @notice Agent `agent`'s level in the round (`agent` < 10).
    function level(RoundOutcome self, uint256 agent) internal pure returns (uint8 _level) {
        assembly ("memory-safe") {
            _level := and(0xff, shr(add(LEVELS_SHIFT, shl(LOG2_LEVEL_LANE_BITS, agent)), self))
        }
    }

    function setScores(RoundOutcome self, uint160 _scores) internal pure returns (RoundOutcome _result) {
        assembly ("memory-safe") {
            _result := or(and(not(MASK_160_BITS), self), and(MASK_160_BITS, _scores))
        }
    }

    function setPresent(RoundOutcome self, uint16 _present) internal pure returns (RoundOutcome _result) {
        assembly ("memory-safe") {
            _result :=
                or(and(not(shl(PRESENT_SHIFT, MASK_10_BITS)), self), shl(PRESENT_SHIFT, and(MASK_10_BITS, _present)))
        }
    }

    function setWinner(RoundOutcome self, uint8 _winner) internal pure returns (RoundOutcome _result) {
        assembly ("memory-safe") {
            _result := or(and(not(shl(WINNER_SHIFT, MASK_4_BITS)), self), shl(WINNER_SHIFT, and(MASK_4_BITS, _winner)))
        }
    }
}
