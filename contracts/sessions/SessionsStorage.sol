// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IAgentRegistry} from "../interfaces/IAgentRegistry.sol";
import {ISessions} from "../interfaces/ISessions.sol";

/**
 * @title SessionsStorage
 * @notice State shared by the Sessions modules (rounds, settlement), and the checks they share.
 * A round reads two slots and writes one: the session's fixed {RoundTerms} and its mutable
 * {State}, stored together under the session's live key = keccak256(sessionId ‖ snapshotted
 * signers): a round recovers its signers from their signatures and hashes them with the id, so a
 * set that differs from the snapshot finds no session (a signer check that costs no storage read).
 * Everything else a reader needs is in events.
 */
abstract contract SessionsStorage is ISessions, EIP712 {
    /// @dev What a round checks against; fixed at creation (120 bits).
    struct RoundTerms {
        uint40 deadline;
        uint8 agentCount;
        uint8 minRounds;
        uint8 maxRounds;
        uint16 voteCredits;
        /// @dev 4 bits per agent: agents with equal values share an operator.
        uint40 operatorGroups;
    }

    /// @dev Everything a round changes, in one slot (256 bits), rewritten whole by each round.
    struct State {
        /// @dev 16-bit lanes per agent: positive QV support accumulated across rounds
        /// (≤ MAX_ROUNDS · (MAX_AGENTS − 1) · 100 = 57 600 < 2^16).
        uint160 support;
        /// @dev 7-bit lanes per agent: its positive vote (≤ 100) for the last round's winner.
        uint72 backing;
        uint8 roundsRecorded;
        /// @dev Agent index of the last recorded round's winner.
        uint8 winnerIndex;
        Status status;
    }

    /// @dev Set at creation; read by settlement, refunds and absent-agent rounds.
    struct Terms {
        address submitter;
        address orchestrator;
        address token;
        uint256 bounty;
        bytes32 taskHash;
    }

    /// @dev A session's round terms and state: two adjacent slots.
    struct Live {
        RoundTerms terms;
        State state;
    }

    /// @inheritdoc ISessions
    uint256 public constant MIN_AGENTS = 2;
    /// @inheritdoc ISessions
    uint256 public constant MAX_AGENTS = 10;

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
