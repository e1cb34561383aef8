// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @dev What a round is checked against, fixed at a session's creation: one storage slot, and the
 * 15-byte trailer of every packed round ({ISessions-roundTerms} returns it):
 *
 *   bits     field           meaning
 *   0–39     deadline        unix time after which no round is recorded and no settlement happens
 *   40–47    agentCount      agents in the session
 *   48–55    minRounds       rounds settlement needs
 *   56–63    maxRounds       rounds that may be recorded
 *   64–79    voteCredits     Σ v² allowed per ballot
 *   80–119   operatorGroups  lanes of OPERATOR_GROUP_BITS (4): agent i's operator group; agents with
 *                            equal values share an operator
 *   120–255  zero
 *
 * It is the layout Solidity gave the struct this type replaced (fields packed from the low-order
 * end, in declaration order), so sessions stored before read the same.
 */
type RoundTerms is uint256;

using RoundTermsLibrary for RoundTerms global;

/// @dev log2 of the width of one agent's lane in the operatorGroups field, for assembly (lane i
/// starts at bit i << LOG2_OPERATOR_GROUP_BITS of the field).
uint256 constant LOG2_OPERATOR_GROUP_BITS = 2;
/// @dev Width of one agent's lane in the operatorGroups field.
uint256 constant OPERATOR_GROUP_BITS = 1 << LOG2_OPERATOR_GROUP_BITS;
/// @dev One lane of the operatorGroups field: (1 << OPERATOR_GROUP_BITS) − 1, as a literal for assembly.
uint256 constant OPERATOR_GROUP_MASK = 0xf;

/// @notice Getters and setters of {RoundTerms}' fields. A setter masks its value to the field.
library RoundTermsLibrary {
    uint256 private constant MASK_8_BITS = 0xff;
    uint256 private constant MASK_16_BITS = 0xffff;
    uint256 private constant MASK_40_BITS = 0xffffffffff;

    uint256 private constant AGENT_COUNT_SHIFT = 40;
    uint256 private constant MIN_ROUNDS_SHIFT = 48;
    uint256 private constant MAX_ROUNDS_SHIFT = 56;
    uint256 private constant VOTE_CREDITS_SHIFT = 64;
    uint256 private constant OPERATOR_GROUPS_SHIFT = 80;

    function deadline(RoundTerms self) internal pure returns (uint40 _deadline) {
        assembly ("memory-safe") {
            _deadline := and(MASK_40_BITS, self)
        }
    }

    function agentCount(RoundTerms self) internal pure returns (uint8 _agentCount) {
        assembly ("memory-safe") {
            _agentCount := and(MASK_8_BITS, shr(AGENT_COUNT_SHIFT, self))
        }
    }

    function minRounds(RoundTerms self) internal pure returns (uint8 _minRounds) {
        assembly ("memory-safe") {
            _minRounds := and(MASK_8_BITS, shr(MIN_ROUNDS_SHIFT, self))
        }
    }

    function maxRounds(RoundTerms self) internal pure returns (uint8 _maxRounds) {
        assembly ("memory-safe") {
            _maxRounds := and(MASK_8_BITS, shr(MAX_ROUNDS_SHIFT, self))
        }
    }

    function voteCredits(RoundTerms self) internal pure returns (uint16 _voteCredits) {
        assembly ("memory-safe") {
            _voteCredits := and(MASK_16_BITS, shr(VOTE_CREDITS_SHIFT, self))
        }
    }

    /// @notice Every agent's operator group, in lanes of OPERATOR_GROUP_BITS.
    function operatorGroups(RoundTerms self) internal pure returns (uint40 _operatorGroups) {
        assembly ("memory-safe") {
            _operatorGroups := and(MASK_40_BITS, shr(OPERATOR_GROUPS_SHIFT, self))
        }
    }

    /// @notice Agent `agent`'s operator group (`agent` < 10).
    function operatorGroup(RoundTerms self, uint256 agent) internal pure returns (uint8 _group) {
        assembly ("memory-safe") {
            _group := and(OPERATOR_GROUP_MASK, shr(add(OPERATOR_GROUPS_SHIFT, shl(LOG2_OPERATOR_GROUP_BITS, agent)), self))
        }
    }

    function setDeadline(RoundTerms self, uint40 _deadline) internal pure returns (RoundTerms _result) {
        assembly ("memory-safe") {
            _result := or(and(not(MASK_40_BITS), self), and(MASK_40_BITS, _deadline))
        }
    }

    function setAgentCount(RoundTerms self, uint8 _agentCount) internal pure returns (RoundTerms _result) {
        assembly ("memory-safe") {
            _result :=
                or(
                    and(not(shl(AGENT_COUNT_SHIFT, MASK_8_BITS)), self),
                    shl(AGENT_COUNT_SHIFT, and(MASK_8_BITS, _agentCount))
                )
        }
    }

    function setMinRounds(RoundTerms self, uint8 _minRounds) internal pure returns (RoundTerms _result) {
        assembly ("memory-safe") {
            _result :=
                or(and(not(shl(MIN_ROUNDS_SHIFT, MASK_8_BITS)), self), shl(MIN_ROUNDS_SHIFT, and(MASK_8_BITS, _minRounds)))
        }
    }

    function setMaxRounds(RoundTerms self, uint8 _maxRounds) internal pure returns (RoundTerms _result) {
        assembly ("memory-safe") {
            _result :=
                or(and(not(shl(MAX_ROUNDS_SHIFT, MASK_8_BITS)), self), shl(MAX_ROUNDS_SHIFT, and(MASK_8_BITS, _maxRounds)))
        }
    }

    function setVoteCredits(RoundTerms self, uint16 _voteCredits) internal pure returns (RoundTerms _result) {
        assembly ("memory-safe") {
            _result :=
                or(
                    and(not(shl(VOTE_CREDITS_SHIFT, MASK_16_BITS)), self),
                    shl(VOTE_CREDITS_SHIFT, and(MASK_16_BITS, _voteCredits))
                )
        }
    }

    function setOperatorGroups(RoundTerms self, uint40 _operatorGroups) internal pure returns (RoundTerms _result) {
        assembly ("memory-safe") {
            _result :=
                or(
                    and(not(shl(OPERATOR_GROUPS_SHIFT, MASK_40_BITS)), self),
                    shl(OPERATOR_GROUPS_SHIFT, and(MASK_40_BITS, _operatorGroups))
                )
        }
    }
}
