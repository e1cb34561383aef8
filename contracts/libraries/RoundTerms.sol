// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @dev What a round is checked against, fixed at a session's creation: one storage slot, and the
 * 23-byte trailer of every packed round ({ISessions-roundTerms} returns it):
 *
 *   bits     field           meaning
 *   0–39     deadline        unix time after which no round is recorded and no settlement happens
 *   40–47    agentCount      agents in the session
 *   48–55    minRounds       rounds settlement needs
 *   56–63    maxRounds       rounds that may be recorded
 *   64–79    voteCredits     Σ v² allowed per ballot
 *   80–119   operatorGroups  lanes of OPERATOR_GROUP_BITS (4): agent i's operator group; agents with
 *                            equal values share an operator
 *   120–126  fairVote        L = max(1, ⌊√(voteCredits / (agentCount − 1))⌋): the vote an evaluator
 *                            gives each of the others when it endorses all of them fully; a round's
 *                            level of a proposal is clamped to [−L, L] (docs/economics.md)
 *   127      sharedOperators 1 if some operator has two or more agents in the session
 *   128–143  absenceGrace    seconds during which a round with absent agents may be replaced by a
 *                            complete version of it, before anything is built on it
 *   144–183  weights         lanes of WEIGHT_BITS (4): agent i's evaluation weight − 1, from its
 *                            history when the session was created ({Reliability}); each of its
 *                            votes counts that many times in a round's scores (the winner)
 *   184–255  zero
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

/// @dev Bit where the weights field starts, and log2 of one agent's lane in it, for assembly (agent i's
/// weight − 1 is the WEIGHT_BITS at WEIGHTS_SHIFT + (i << LOG2_WEIGHT_BITS)).
uint256 constant WEIGHTS_SHIFT = 144;
uint256 constant LOG2_WEIGHT_BITS = 2;
/// @dev Width of one agent's lane in the weights field.
uint256 constant WEIGHT_BITS = 1 << LOG2_WEIGHT_BITS;

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
    uint256 private constant FAIR_VOTE_SHIFT = 120;
    uint256 private constant SHARED_OPERATORS_SHIFT = 127;
    uint256 private constant ABSENCE_GRACE_SHIFT = 128;
    uint256 private constant MASK_7_BITS = 0x7f;

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

    /// @notice L: the most a round's level of a proposal may differ from 0 (its clamp).
    function fairVote(RoundTerms self) internal pure returns (uint8 _fairVote) {
        assembly ("memory-safe") {
            _fairVote := and(MASK_7_BITS, shr(FAIR_VOTE_SHIFT, self))
        }
    }

    /// @notice Whether some operator has two or more agents in the session.
    function sharedOperators(RoundTerms self) internal pure returns (bool _shared) {
        assembly ("memory-safe") {
            _shared := and(1, shr(SHARED_OPERATORS_SHIFT, self))
        }
    }

    /// @notice Seconds a round with absent agents stays replaceable by its complete version.
    function absenceGrace(RoundTerms self) internal pure returns (uint16 _grace) {
        assembly ("memory-safe") {
            _grace := and(MASK_16_BITS, shr(ABSENCE_GRACE_SHIFT, self))
        }
    }

    /// @notice Every agent's evaluation weight − 1, in lanes of WEIGHT_BITS.
    function weights(RoundTerms self) internal pure returns (uint40 _weights) {
        assembly ("memory-safe") {
            _weights := and(MASK_40_BITS, shr(WEIGHTS_SHIFT, self))
        }
    }

    /// @notice Agent `agent`'s evaluation weight, in [1, 16] (`agent` < 10).
    function weight(RoundTerms self, uint256 agent) internal pure returns (uint256 _weight) {
        assembly ("memory-safe") {
            _weight := add(1, and(0xf, shr(add(WEIGHTS_SHIFT, shl(LOG2_WEIGHT_BITS, agent)), self)))
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

    function setFairVote(RoundTerms self, uint8 _fairVote) internal pure returns (RoundTerms _result) {
        assembly ("memory-safe") {
            _result :=
                or(and(not(shl(FAIR_VOTE_SHIFT, MASK_7_BITS)), self), shl(FAIR_VOTE_SHIFT, and(MASK_7_BITS, _fairVote)))
        }
    }

    function setSharedOperators(RoundTerms self, bool _shared) internal pure returns (RoundTerms _result) {
        assembly ("memory-safe") {
            _result := or(and(not(shl(SHARED_OPERATORS_SHIFT, 1)), self), shl(SHARED_OPERATORS_SHIFT, and(1, _shared)))
        }
    }

    function setAbsenceGrace(RoundTerms self, uint16 _grace) internal pure returns (RoundTerms _result) {
        assembly ("memory-safe") {
            _result :=
                or(and(not(shl(ABSENCE_GRACE_SHIFT, MASK_16_BITS)), self), shl(ABSENCE_GRACE_SHIFT, and(MASK_16_BITS, _grace)))
        }
    }

    function setWeights(RoundTerms self, uint40 _weights) internal pure returns (RoundTerms _result) {
        assembly ("memory-safe") {
            _result := or(and(not(shl(WEIGHTS_SHIFT, MASK_40_BITS)), self), shl(WEIGHTS_SHIFT, and(MASK_40_BITS, _weights)))
        }
    }
}
