// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ISessionsTypes} from "../interfaces/ISessionsTypes.sol";

/**
 * @dev Everything a round changes, in one storage slot rewritten whole by each round:
 *
 *   bits     field           meaning
 *   0–159    quality         lanes of QUALITY_LANE_BITS (16): Σ over recorded rounds of agent i's
 *                            level in [0, 2L] (docs/economics.md; ≤ MAX_ROUNDS · 200 = 12 800 < 2^16)
 *   160–199  disputableUntil 0, or, when the last recorded round has absent agents, the time until
 *                            which a complete version of it may replace it (nothing is built on it
 *                            before: no next round, no settlement)
 *   200–209  endorsed        bit i set when agent i was present in round 1 and its round-1 level was
 *                            at least L (its peers' median vote for its first, independent answer
 *                            ≥ 0); settlement adds it to the agent's history ({Reliability})
 *   210      failureClaimed  set by {ISessions-failSession}: the orchestrator declared the session
 *                            failed, so its submitter may refund before the deadline; a recorded
 *                            round rewrites the slot (pack) and so clears it
 *   211–220  roundOne        bit i set when agent i was present in round 1: settlement adds the
 *                            session to the histories of these agents only, so that naming an agent
 *                            in a session it never joined cannot change its record
 *   221–231  zero
 *   232–239  roundsRecorded  rounds recorded so far
 *   240–247  winnerIndex     agent index of the last recorded round's winner
 *   248–255  status          an {ISessionsTypes-Status}; Open from creation, so the slot is never zero
 */
type SessionState is uint256;

using SessionStateLibrary for SessionState global;

/// @dev log2 of the width of one agent's lane in the quality field, for assembly (lane i starts at
/// bit i << LOG2_QUALITY_LANE_BITS).
uint256 constant LOG2_QUALITY_LANE_BITS = 4;
/// @dev Width of one agent's lane in the quality field.
uint256 constant QUALITY_LANE_BITS = 1 << LOG2_QUALITY_LANE_BITS;

/// @notice Getters and setters of {SessionState}'s fields. A setter masks its value to the field.
library SessionStateLibrary {
    uint256 private constant MASK_8_BITS = 0xff;
    uint256 private constant MASK_40_BITS = 0xffffffffff;
    uint256 private constant MASK_160_BITS = 0x00ffffffffffffffffffffffffffffffffffffffff;

    uint256 private constant DISPUTABLE_UNTIL_SHIFT = 160;
    uint256 private constant ENDORSED_SHIFT = 200;
    uint256 private constant MASK_10_BITS = 0x3ff;
    uint256 private constant FAILURE_CLAIMED_BIT = 1 << 210;
    uint256 private constant ROUND_ONE_SHIFT = 211;
    /// @dev The endorsed and roundOne fields as one word at ENDORSED_SHIFT (bit 10, failureClaimed, clear).
    uint256 private constant ROUND_ONE_WORD_MASK = 0x1ffbff;
    uint256 private constant ROUNDS_SHIFT = 232;
    uint256 private constant WINNER_SHIFT = 240;
    uint256 private constant STATUS_SHIFT = 248;

    /// @notice A whole state word. Unlike the setters it does not mask the numbers: each must fit
    /// its field (the bounds of a round guarantee it).
    /// `_roundOne` is what round 1 decided ({roundOne}): endorsed in bits 0–9, present in 11–20.
    function pack(
        uint256 _quality,
        uint256 _disputableUntil,
        uint256 _roundOne,
        uint256 _roundsRecorded,
        uint256 _winnerIndex,
        ISessionsTypes.Status _status
    ) internal pure returns (SessionState _result) {
        assembly ("memory-safe") {
            _result :=
                or(
                    or(
                        or(_quality, shl(DISPUTABLE_UNTIL_SHIFT, _disputableUntil)),
                        or(shl(ENDORSED_SHIFT, _roundOne), shl(ROUNDS_SHIFT, _roundsRecorded))
                    ),
                    or(shl(WINNER_SHIFT, _winnerIndex), shl(STATUS_SHIFT, and(MASK_8_BITS, _status)))
                )
        }
    }

    function quality(SessionState self) internal pure returns (uint160 _quality) {
        assembly ("memory-safe") {
            _quality := and(MASK_160_BITS, self)
        }
    }

    function disputableUntil(SessionState self) internal pure returns (uint40 _until) {
        assembly ("memory-safe") {
            _until := and(MASK_40_BITS, shr(DISPUTABLE_UNTIL_SHIFT, self))
        }
    }

    function endorsed(SessionState self) internal pure returns (uint16 _endorsed) {
        assembly ("memory-safe") {
            _endorsed := and(MASK_10_BITS, shr(ENDORSED_SHIFT, self))
        }
    }

    /// @notice Agents present in round 1 (bit i: agent i).
    function presentInRoundOne(SessionState self) internal pure returns (uint16 _present) {
        assembly ("memory-safe") {
            _present := and(MASK_10_BITS, shr(ROUND_ONE_SHIFT, self))
        }
    }

    /// @notice What round 1 decided, as {pack} takes it: endorsed in bits 0–9, present in 11–20.
    function roundOne(SessionState self) internal pure returns (uint256 _word) {
        assembly ("memory-safe") {
            _word := and(ROUND_ONE_WORD_MASK, shr(ENDORSED_SHIFT, self))
        }
    }

    /// @notice The {roundOne} word of round 1's outcome: who was endorsed and who was present.
    function roundOneWord(uint256 _endorsed, uint256 _present) internal pure returns (uint256 _word) {
        return _endorsed | (_present << (ROUND_ONE_SHIFT - ENDORSED_SHIFT));
    }

    function failureClaimed(SessionState self) internal pure returns (bool _claimed) {
        assembly ("memory-safe") {
            _claimed := iszero(iszero(and(FAILURE_CLAIMED_BIT, self)))
        }
    }

    function setFailureClaimed(SessionState self) internal pure returns (SessionState _result) {
        assembly ("memory-safe") {
            _result := or(FAILURE_CLAIMED_BIT, self)
        }
    }

    function roundsRecorded(SessionState self) internal pure returns (uint8 _roundsRecorded) {
        assembly ("memory-safe") {
            _roundsRecorded := and(MASK_8_BITS, shr(ROUNDS_SHIFT, self))
        }
    }

    function winnerIndex(SessionState self) internal pure returns (uint8 _winnerIndex) {
        assembly ("memory-safe") {
            _winnerIndex := and(MASK_8_BITS, shr(WINNER_SHIFT, self))
        }
    }

    /// @dev Only {pack} and {setStatus} write the byte, from a Status; as for any enum, using a
    /// value out of range panics.
    function status(SessionState self) internal pure returns (ISessionsTypes.Status _status) {
        assembly ("memory-safe") {
            _status := shr(STATUS_SHIFT, self)
        }
    }

    function setQuality(SessionState self, uint160 _quality) internal pure returns (SessionState _result) {
        assembly ("memory-safe") {
            _result := or(and(not(MASK_160_BITS), self), and(MASK_160_BITS, _quality))
        }
    }

    function setDisputableUntil(SessionState self, uint40 _until) internal pure returns (SessionState _result) {
        assembly ("memory-safe") {
            _result := or(
                and(not(shl(DISPUTABLE_UNTIL_SHIFT, MASK_40_BITS)), self),
                shl(DISPUTABLE_UNTIL_SHIFT, and(MASK_40_BITS, _until))
            )
        }
    }

    function setRoundsRecorded(SessionState self, uint8 _roundsRecorded) internal pure returns (SessionState _result) {
        assembly ("memory-safe") {
            _result :=
                or(and(not(shl(ROUNDS_SHIFT, MASK_8_BITS)), self), shl(ROUNDS_SHIFT, and(MASK_8_BITS, _roundsRecorded)))
        }
    }

    function setWinnerIndex(SessionState self, uint8 _winnerIndex) internal pure returns (SessionState _result) {
        assembly ("memory-safe") {
            _result :=
                or(and(not(shl(WINNER_SHIFT, MASK_8_BITS)), self), shl(WINNER_SHIFT, and(MASK_8_BITS, _winnerIndex)))
        }
    }

    function setStatus(SessionState self, ISessionsTypes.Status _status) internal pure returns (SessionState _result) {
        assembly ("memory-safe") {
            _result := or(and(not(shl(STATUS_SHIFT, MASK_8_BITS)), self), shl(STATUS_SHIFT, and(MASK_8_BITS, _status)))
        }
    }
}
