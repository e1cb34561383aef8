// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IAgentRegistry} from "./interfaces/IAgentRegistry.sol";
import {ISessions} from "./interfaces/ISessions.sol";
import {DipMath} from "./libraries/DipMath.sol";
import {Lanes} from "./libraries/Lanes.sol";
import {OPERATOR_GROUP_BITS, RoundTerms, WEIGHT_BITS} from "./libraries/RoundTerms.sol";
import {Reliability} from "./libraries/Reliability.sol";
import {QUALITY_LANE_BITS, SessionState, SessionStateLibrary} from "./libraries/SessionState.sol";
import {SessionBatch} from "./sessions/SessionBatch.sol";
import {SessionRounds} from "./sessions/SessionRounds.sol";
import {SessionFailure} from "./sessions/SessionFailure.sol";

/**
 * @title Sessions
 * @notice Escrow, signed integer-QV rounds and DIP settlement for Concord sessions: this file opens
 * sessions and answers reads; {SessionRounds} records rounds; {SessionSettlement} settles, refunds
 * and pays; {SessionFailure} ends a session that cannot run. See {ISessions} for the protocol and
 * docs/economics.md for the settlement rule; {SessionBatch} runs several calls in one transaction.
 */
contract Sessions is SessionRounds, SessionFailure, SessionBatch {
    using SafeERC20 for IERC20;

    /// @inheritdoc ISessions
    uint32 public constant MAX_ROUNDS = 64;
    /// @inheritdoc ISessions
    uint32 public constant MAX_VOTE_CREDITS = 10_000;
    /// @inheritdoc ISessions
    uint256 public constant MAX_FEE_BPS = 1_000;
    /// @inheritdoc ISessions
    uint256 public constant MAX_BOUNTY = DipMath.MAX_NET;
    /// @inheritdoc ISessions
    uint32 public constant MAX_ABSENCE_GRACE = 3_600;

    /**
     * @param registry_ The agent registry.
     * @param treasury_ Receives protocol fees and what settlement leaves unearned (non-zero).
     * @param feeBps_ The protocol fee in basis points (≤ MAX_FEE_BPS).
     */
    constructor(IAgentRegistry registry_, address treasury_, uint256 feeBps_) EIP712("Concord Sessions", "1") {
        if (feeBps_ > MAX_FEE_BPS || treasury_ == address(0)) revert InvalidFee(feeBps_, MAX_FEE_BPS);
        _registry = registry_;
        _treasury = treasury_;
        _feeBps = feeBps_;
    }

    /// @inheritdoc ISessions
    function createSession(SessionParams calldata p) external payable nonReentrant returns (uint256 sessionId) {
        uint256 n = _checkParams(p);
        sessionId = ++_sessionCount;
        (uint256 groups, bool shared, uint256 minBps, bytes32[] memory splitHashes) =
            _snapshotAgents(sessionId, p.agentIds);
        RoundTerms terms = _roundTermsOf(p, n, groups, shared);
        uint256 fee = _checkBounty(p, n, terms.fairVote(), minBps);
        bytes32 key = _keyOf(sessionId, terms, _signers[sessionId]);
        _liveKey[sessionId] = key;
        Live storage live = _live[key];
        live.terms = terms;
        // Status Open makes the state slot non-zero, so round 1 costs what a later round costs.
        live.state = SessionStateLibrary.pack(0, 0, 0, 0, 0, Status.Open);
        Terms storage t = _terms[sessionId];
        t.submitter = msg.sender;
        t.orchestrator = p.orchestrator;
        t.token = p.token;
        t.bounty = uint248(p.bounty); // ≤ MAX_BOUNTY: _checkBounty
        t.taskHash = p.taskHash;
        // Family zero leaves the slot untouched: a session of no family costs what it did.
        if (p.taskFamily != 0) (t.named, t.taskFamily) = (true, p.taskFamily);
        _agentIds[sessionId] = p.agentIds;
        _splitHashes[sessionId] = splitHashes;
        emit SessionCreated(sessionId, msg.sender, p.orchestrator, p, fee, splitHashes);
        _collectBounty(p.token, p.bounty);
    }

    /// @inheritdoc ISessions
    function refreshSigner(uint256 sessionId, uint256 agentIndex) external {
        Live storage live = _existing(sessionId);
        SessionState state = live.state;
        if (state.status() != Status.Open) revert SessionNotOpen(sessionId, state.status());
        address[] storage signers = _signers[sessionId];
        if (agentIndex >= signers.length) revert AgentIndexOutOfRange(sessionId, agentIndex);
        IAgentRegistry.AgentTerms memory terms = _registry.agentTerms(_agentIds[sessionId][agentIndex]);
        // A retired agent's key signs nothing more here: it can only be absent (no key recovers to 0).
        address signer = terms.retired ? address(0) : terms.signer;
        address before = signers[agentIndex];
        if (signer == before) revert SignerUnchanged(sessionId, agentIndex, before);
        signers[agentIndex] = signer;
        // The live state moves to the key of the new signer set: a round signed by the old key
        // finds no session.
        RoundTerms roundTerms_ = live.terms;
        bytes32 key = _keyOf(sessionId, roundTerms_, signers);
        Live storage moved = _live[key];
        moved.terms = roundTerms_;
        moved.state = state;
        delete _live[_liveKey[sessionId]];
        _liveKey[sessionId] = key;
        emit SignerRefreshed(sessionId, agentIndex, before, signer);
    }

    /// @inheritdoc ISessions
    function FEE_BPS() external view returns (uint256) {
        return _feeBps;
    }

    /// @inheritdoc ISessions
    function TREASURY() external view returns (address) {
        return _treasury;
    }

    /// @inheritdoc ISessions
    function getSession(uint256 sessionId) external view returns (SessionView memory v) {
        Live storage live = _existing(sessionId);
        RoundTerms c = live.terms;
        SessionState st = live.state;
        Terms storage t = _terms[sessionId];
        v.submitter = t.submitter;
        v.orchestrator = t.orchestrator;
        v.token = t.token;
        v.taskHash = t.taskHash;
        v.bounty = t.bounty;
        v.deadline = c.deadline();
        v.minRounds = c.minRounds();
        v.maxRounds = c.maxRounds();
        v.roundsRecorded = st.roundsRecorded();
        v.voteCredits = c.voteCredits();
        v.status = st.status();
        if (v.roundsRecorded != 0) v.winnerAgentId = _agentIds[sessionId][st.winnerIndex()];
    }

    /// @inheritdoc ISessions
    function roundTerms(uint256 sessionId) external view returns (uint256 terms) {
        return RoundTerms.unwrap(_existing(sessionId).terms);
    }

    /// @inheritdoc ISessions
    function getAgentIds(uint256 sessionId) external view returns (uint256[] memory) {
        _existing(sessionId);
        return _agentIds[sessionId];
    }

    /// @inheritdoc ISessions
    function getSigners(uint256 sessionId) external view returns (address[] memory) {
        _existing(sessionId);
        return _signers[sessionId];
    }

    /// @inheritdoc ISessions
    function getSplitHashes(uint256 sessionId) external view returns (bytes32[] memory) {
        _existing(sessionId);
        return _splitHashes[sessionId];
    }

    /// @inheritdoc ISessions
    function quality(uint256 sessionId) external view returns (uint256[] memory) {
        Live storage live = _existing(sessionId);
        return Lanes.unpack(live.state.quality(), live.terms.agentCount(), QUALITY_LANE_BITS);
    }

    /// @inheritdoc ISessions
    function history(uint256 agentId) external view returns (uint256 sessions, uint256 endorsed, uint256 weight) {
        return _historyOf(_history[agentId]);
    }

    /// @inheritdoc ISessions
    function familyHistory(uint256 agentId, bytes32 family)
        external
        view
        returns (uint256 sessions, uint256 endorsed, uint256 weight)
    {
        return _historyOf(_histories(family)[agentId]);
    }

    /// @inheritdoc ISessions
    function taskFamily(uint256 sessionId) external view returns (bytes32) {
        return _terms[sessionId].taskFamily;
    }

    /// @inheritdoc ISessions
    function disputableUntil(uint256 sessionId) external view returns (uint256) {
        return _existing(sessionId).state.disputableUntil();
    }

    /// @inheritdoc ISessions
    function sessionCount() external view returns (uint256) {
        return _sessionCount;
    }

    /// @inheritdoc ISessions
    function registry() external view returns (IAgentRegistry) {
        return _registry;
    }

    function _historyOf(uint256 h) private pure returns (uint256 sessions, uint256 endorsed, uint256 weight) {
        return (uint128(h), h >> 128, Reliability.weight(h));
    }

    /// @dev Checks the scalar terms and returns the agent count.
    function _checkParams(SessionParams calldata p) private view returns (uint256 n) {
        if (p.bounty == 0) revert ZeroBounty();
        if (p.orchestrator == address(0)) revert ZeroOrchestrator();
        // A submitter orchestrating its own session could withhold the rounds it needs and refund.
        if (p.orchestrator == msg.sender) revert SubmitterIsOrchestrator(msg.sender);
        n = p.agentIds.length;
        if (n < MIN_AGENTS || n > MAX_AGENTS) revert AgentCountOutOfRange(n, MIN_AGENTS, MAX_AGENTS);
        if (p.minRounds == 0 || p.minRounds > p.maxRounds || p.maxRounds > MAX_ROUNDS) {
            revert InvalidRounds(p.minRounds, p.maxRounds, MAX_ROUNDS);
        }
        if (p.voteCredits == 0 || p.voteCredits > MAX_VOTE_CREDITS) {
            revert InvalidVoteCredits(p.voteCredits, MAX_VOTE_CREDITS);
        }
        if (p.deadline <= block.timestamp || p.deadline > type(uint40).max) {
            revert InvalidDeadline(p.deadline, block.timestamp);
        }
        if (p.absenceGrace > MAX_ABSENCE_GRACE) revert AbsenceGraceTooLong(p.absenceGrace, MAX_ABSENCE_GRACE);
    }

    /// @dev The session's round terms (the checked params fit their fields).
    function _roundTermsOf(SessionParams calldata p, uint256 n, uint256 groups, bool shared)
        private
        view
        returns (RoundTerms)
    {
        RoundTerms terms = RoundTerms.wrap(0).setDeadline(uint40(p.deadline)).setAgentCount(uint8(n))
            .setMinRounds(uint8(p.minRounds)).setMaxRounds(uint8(p.maxRounds));
        terms = terms.setVoteCredits(uint16(p.voteCredits)).setOperatorGroups(uint40(groups));
        terms = terms.setFairVote(uint8(DipMath.fairVote(p.voteCredits, n))).setSharedOperators(shared);
        return terms.setAbsenceGrace(uint16(p.absenceGrace)).setWeights(uint40(_weightsOf(p.agentIds, p.taskFamily)));
    }

    /// @dev Each agent's evaluation weight − 1 from its history in the session's family, in
    /// {RoundTerms} weight lanes.
    function _weightsOf(uint256[] calldata agentIds, bytes32 family) private view returns (uint256 lanes) {
        mapping(uint256 => uint256) storage histories = _histories(family);
        for (uint256 i = 0; i < agentIds.length; ++i) {
            lanes = Lanes.add(lanes, i, WEIGHT_BITS, Reliability.weight(histories[agentIds[i]]) - 1);
        }
    }

    /// @dev Snapshots signers and split hashes; groups agents by operator ({RoundTerms} lanes) and
    /// says whether some operator has several; the smallest split share.
    function _snapshotAgents(uint256 sessionId, uint256[] calldata agentIds)
        private
        returns (uint256 groups, bool shared, uint256 minBps, bytes32[] memory splitHashes)
    {
        uint256 n = agentIds.length;
        address[] memory operators = new address[](n);
        address[] storage signers = _signers[sessionId];
        splitHashes = new bytes32[](n);
        minBps = type(uint256).max;
        uint256 nextGroup;
        for (uint256 i = 0; i < n; ++i) {
            uint256 agentId = agentIds[i];
            IAgentRegistry.AgentTerms memory terms = _registry.agentTerms(agentId);
            if (terms.retired) revert RetiredAgent(agentId);
            uint256 group = nextGroup;
            for (uint256 j = 0; j < i; ++j) {
                if (agentIds[j] == agentId) revert DuplicateAgent(agentId);
                if (operators[j] == terms.operator && group == nextGroup) group = Lanes.get(groups, j, OPERATOR_GROUP_BITS);
            }
            if (group == nextGroup) ++nextGroup;
            groups = Lanes.add(groups, i, OPERATOR_GROUP_BITS, group);
            operators[i] = terms.operator;
            signers.push(terms.signer);
            splitHashes[i] = terms.splitHash;
            if (terms.minBps < minBps) minBps = terms.minBps;
        }
        shared = nextGroup < n;
    }

    /// @dev Refuses a bounty for which a fee, a positive share or a recipient's part could floor to
    /// zero, or settlement's arithmetic could overflow.
    function _checkBounty(SessionParams calldata p, uint256 n, uint256 fairVote, uint256 minBps)
        private
        view
        returns (uint256 fee)
    {
        if (p.bounty > MAX_BOUNTY) revert BountyTooLarge(p.bounty, MAX_BOUNTY);
        fee = _feeOf(p.bounty);
        if (_feeBps != 0 && fee == 0) revert BountyTooSmall(p.bounty, 0, 1);
        uint256 need = DipMath.requiredNet(n, p.maxRounds, fairVote, minBps);
        if (p.bounty - fee < need) revert BountyTooSmall(p.bounty, p.bounty - fee, need);
    }

    /// @dev Takes the bounty in; an ERC-20 is measured by balance delta (fee-on-transfer refused).
    function _collectBounty(address token, uint256 bounty) private {
        if (token == address(0)) {
            if (msg.value != bounty) revert EthValueMismatch(msg.value, bounty);
            return;
        }
        if (msg.value != 0) revert EthValueMismatch(msg.value, 0);
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), bounty);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received != bounty) revert FeeOnTransferToken(token, bounty, received);
    }
}
