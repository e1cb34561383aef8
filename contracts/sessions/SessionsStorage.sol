// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IAgentRegistry} from "../interfaces/IAgentRegistry.sol";
import {ISessions} from "../interfaces/ISessions.sol";

/**
 * @title SessionsStorage
 * @notice State shared by the Sessions modules (rounds, settlement), and the checks they share.
 * A round touches two slots only, the packed {Core} and the packed support lanes, stored together
 * under the session's live key = keccak256(sessionId ‖ snapshotted signers): a round recovers its
 * signers from their signatures and hashes them with the id, so a set that differs from the
 * snapshot finds no session (a signer check that costs no storage read). Everything else a reader
 * needs is in events.
 */
abstract contract SessionsStorage is ISessions, EIP712 {
    /// @dev What every round reads and writes, in one slot (248 bits).
    struct Core {
        uint40 deadline;
        uint8 agentCount;
        uint8 minRounds;
        uint8 maxRounds;
        uint16 voteCredits;
        Status status;
        uint8 roundsRecorded;
        /// @dev Agent index of the last recorded round's winner.
        uint8 winnerIndex;
        /// @dev 4 bits per agent: agents with equal values share an operator.
        uint48 operatorGroups;
        /// @dev 8 bits per agent: its positive vote for the last round's winner (evaluator weight).
        uint96 backing;
    }

    /// @dev Set at creation; read by settlement, refunds and absent-agent rounds.
    struct Terms {
        address submitter;
        address orchestrator;
        address token;
        uint256 bounty;
        bytes32 taskHash;
    }

    /// @dev The state a round reads and writes: two adjacent slots.
    struct Live {
        Core core;
        /// @dev 21-bit lanes per agent: positive QV support accumulated across rounds (bit 255 set).
        uint256 support;
    }

    /// @inheritdoc ISessions
    uint256 public constant MIN_AGENTS = 2;
    /// @inheritdoc ISessions
    uint256 public constant MAX_AGENTS = 12;

    /// @dev Bit 255 of a support word is set at creation so that round 1 writes a non-zero slot.
    uint256 internal constant SUPPORT_SENTINEL = 1 << 255;

    IAgentRegistry internal immutable _registry;
    address internal immutable _treasury;
    uint256 internal immutable _feeBps;

    uint256 internal _sessionCount;
    mapping(uint256 sessionId => bytes32) internal _liveKey;
    mapping(bytes32 liveKey => Live) internal _live;
    mapping(uint256 sessionId => Terms) internal _terms;
    mapping(uint256 sessionId => uint256[]) internal _agentIds;
    mapping(uint256 sessionId => address[]) internal _signers;
    mapping(uint256 sessionId => bytes32[]) internal _splitHashes;
    /// @dev Bit i set once agent i's payout was distributed to its recipients.
    mapping(uint256 sessionId => uint256) internal _distributed;
    mapping(address token => mapping(address account => uint256)) internal _claimable;

    /// @dev The key a session's live state is stored under.
    function _keyOf(uint256 sessionId, address[] memory signers) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(sessionId, signers));
    }

    function _existing(uint256 sessionId) internal view returns (Live storage live) {
        bytes32 key = _liveKey[sessionId];
        if (key == bytes32(0)) revert UnknownSession(sessionId);
        live = _live[key];
    }

    /// @dev The fee part of a bounty.
    function _feeOf(uint256 bounty) internal view returns (uint256) {
        return bounty * _feeBps / 10_000;
    }
}
