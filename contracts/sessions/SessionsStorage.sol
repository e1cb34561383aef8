// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IAgentRegistry} from "../interfaces/IAgentRegistry.sol";
import {ISessions} from "../interfaces/ISessions.sol";
import {RoundTerms} from "../libraries/RoundTerms.sol";
import {SessionState} from "../libraries/SessionState.sol";

/**
 * @title SessionsStorage
 * @notice State shared by the Sessions modules (rounds, settlement), and the checks they share.
 * A session's fixed {RoundTerms} and mutable {SessionState} are stored together under its live key =
 * keccak256(sessionId ‖ round terms ‖ snapshotted signers). A round carries the terms in its
 * calldata and recovers its signers from their signatures, then hashes them with the id: terms or
 * a signer set that differ from the snapshot find no session. So a round reads and writes one slot,
 * the state: checking the signers and terms costs no storage read. Everything else a reader needs
 * is in events.
 */
abstract contract SessionsStorage is ISessions, EIP712 {
    /// @dev Set at creation; read by settlement, refunds and absent-agent rounds.
    struct Terms {
        address submitter;
        address orchestrator;
        address token;
        /// @dev ≤ MAX_BOUNTY < 2^240.
        uint248 bounty;
        /// @dev Whether taskFamily is non-zero: it shares the bounty's slot (never zero), which
        /// settlement reads anyway, so a session of no family never reads taskFamily's slot and
        /// one of a family writes no slot more than taskFamily's own.
        bool named;
        bytes32 taskHash;
        /// @dev {ISessionsTypes-SessionParams}' taskFamily, written only when non-zero.
        bytes32 taskFamily;
    }

    /// @dev A session's round terms and state: two adjacent slots.
    struct Live {
        RoundTerms terms;
        SessionState state;
    }

    /// @inheritdoc ISessions
    uint256 public constant MIN_AGENTS = 2;
    /// @inheritdoc ISessions
    uint256 public constant MAX_AGENTS = 10;
    /// @dev The least time, in seconds, between a claimed failure and its refund ({ISessions-failSession}).
    uint256 internal constant MIN_CLAIM_GRACE = 30;

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
    /// @dev What the last recorded round added to the quality lanes, kept while it is a round with
    /// absent agents open to dispute: a complete version of it replaces exactly that.
    mapping(uint256 sessionId => uint256) internal _partialQuality;
    /// @dev Bit i set once agent i's payout was distributed to its recipients.
    mapping(uint256 sessionId => uint256) internal _distributed;
    mapping(address token => mapping(address account => uint256)) internal _claimable;
    /// @dev Each agent's history of settled sessions of no family ({Reliability}): its evaluation weight.
    mapping(uint256 agentId => uint256) internal _history;
    /// @dev The same, per named task family: a session counts in its own family's histories only,
    /// so weight earned in one family buys nothing in another. Family zero stays in `_history`.
    mapping(bytes32 family => mapping(uint256 agentId => uint256)) internal _familyHistory;
    /// @dev When a claimed failure ({ISessions-failSession} without enough declines) lets its
    /// submitter refund: the time after which it may. Read only while the claim stands.
    mapping(uint256 sessionId => uint256) internal _claimRefundAfter;

    /// @notice Bytes of the round terms that trail a packed round (a {RoundTerms} word's 184 bits).
    uint256 internal constant TERMS_BYTES = 23;

    /// @dev The key a session's live state is stored under: keccak256(sessionId ‖ round terms ‖ signers).
    function _keyOf(uint256 sessionId, RoundTerms terms, address[] memory signers) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(sessionId, RoundTerms.unwrap(terms), signers));
    }

    /// @dev The agents' histories in task family `family`.
    function _histories(bytes32 family) internal view returns (mapping(uint256 => uint256) storage) {
        return family == 0 ? _history : _familyHistory[family];
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
