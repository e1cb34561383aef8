// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IAgentRegistry} from "./interfaces/IAgentRegistry.sol";
import {ISessions} from "./interfaces/ISessions.sol";
import {ProposalOrder} from "./libraries/ProposalOrder.sol";

/**
 * @title Sessions
 * @notice Escrow, signed integer-QV rounds and pro-rata settlement for Concord sessions.
 * See {ISessions} for the protocol; every loop here runs over at most MAX_AGENTS agents.
 */
contract Sessions is ISessions, EIP712, ReentrancyGuard {
    /// @inheritdoc ISessions
    uint256 public constant VOTE_CREDITS = 10_000;
    /// @inheritdoc ISessions
    uint256 public constant MIN_AGENTS = 2;
    /// @inheritdoc ISessions
    uint256 public constant MAX_AGENTS = 16;
    /// @inheritdoc ISessions
    /// @dev 64 rounds is far beyond any useful deliberation and keeps support sums small.
    uint32 public constant MAX_ROUNDS = 64;
    /// @inheritdoc ISessions
    bytes32 public constant BALLOT_TYPEHASH =
        keccak256("Ballot(uint256 sessionId,uint32 round,bytes32 proposalHash,bytes votes)");

    IAgentRegistry private immutable _registry;

    uint256 private _sessionCount;
    mapping(uint256 sessionId => Session) private _sessions;
    mapping(uint256 sessionId => uint256[]) private _agentIds;
    mapping(uint256 sessionId => address[]) private _signers;
    mapping(uint256 sessionId => address[]) private _payees;
    mapping(uint256 sessionId => uint256[]) private _support;
    /// @dev Agent position of the last recorded round's winner: it receives the rounding dust.
    mapping(uint256 sessionId => uint256) private _winnerIndex;
    mapping(address account => uint256) private _claimable;

    constructor(IAgentRegistry registry_) EIP712("Concord Sessions", "1") {
        _registry = registry_;
    }

    /// @inheritdoc ISessions
    function createSession(bytes32 taskHash, uint256[] calldata agentIds, address orchestrator, uint32 maxRounds)
        external
        payable
        returns (uint256 sessionId)
    {
        if (msg.value == 0) revert ZeroBounty();
        if (orchestrator == address(0)) revert ZeroOrchestrator();
        uint256 n = agentIds.length;
        if (n < MIN_AGENTS || n > MAX_AGENTS) revert AgentCountOutOfRange(n, MIN_AGENTS, MAX_AGENTS);
        if (maxRounds == 0 || maxRounds > MAX_ROUNDS) revert InvalidMaxRounds(maxRounds, MAX_ROUNDS);

        sessionId = ++_sessionCount;
        address[] storage signers = _signers[sessionId];
        address[] storage payees = _payees[sessionId];
        for (uint256 i = 0; i < n; ++i) {
            uint256 agentId = agentIds[i];
            for (uint256 j = 0; j < i; ++j) {
                if (agentIds[j] == agentId) revert DuplicateAgent(agentId);
            }
            // Snapshot: a later registry change can never redirect this session's checks or pay.
            IAgentRegistry.Agent memory agent = _registry.getAgent(agentId);
            signers.push(agent.signer);
            payees.push(agent.operator);
        }
        _agentIds[sessionId] = agentIds;
        _support[sessionId] = new uint256[](n);
        _sessions[sessionId] = Session({
            submitter: msg.sender,
            orchestrator: orchestrator,
            taskHash: taskHash,
            bounty: msg.value,
            maxRounds: maxRounds,
            roundsRecorded: 0,
            status: Status.Open,
            winnerAgentId: 0,
            winnerProposalHash: bytes32(0)
        });
        emit SessionCreated(sessionId, msg.sender, orchestrator, taskHash, msg.value, agentIds, maxRounds);
    }

    /// @inheritdoc ISessions
    function recordRound(
        uint256 sessionId,
        uint32 round,
        bytes32[] calldata proposalHashes,
        bytes[] calldata ballots,
        bytes[] calldata signatures
    ) external {
        Session storage s = _nextRoundOf(sessionId, round);
        uint256 n = _agentIds[sessionId].length;
        if (proposalHashes.length != n) revert LengthMismatch(n, proposalHashes.length);
        if (ballots.length != n) revert LengthMismatch(n, ballots.length);
        if (signatures.length != n) revert LengthMismatch(n, signatures.length);

        int256[] memory scores = _tally(ballots, _validatedOrder(proposalHashes));
        _verifySignatures(sessionId, round, proposalHashes, ballots, signatures);
        uint256 winner = _applyScores(s, sessionId, round, proposalHashes, scores);
        emit RoundRecorded(sessionId, round, proposalHashes, scores, winner);
    }

    /// @inheritdoc ISessions
    function settle(uint256 sessionId) external {
        Session storage s = _openSessionOf(sessionId);
        if (s.roundsRecorded == 0) revert NoRoundsRecorded(sessionId);

        uint256[] storage support_ = _support[sessionId];
        uint256 n = support_.length;
        uint256 total;
        for (uint256 i = 0; i < n; ++i) {
            total += support_[i];
        }
        uint256 bounty = s.bounty;
        uint256[] memory payouts = new uint256[](n);
        uint256 paid;
        for (uint256 i = 0; i < n; ++i) {
            payouts[i] = total == 0 ? bounty / n : Math.mulDiv(bounty, support_[i], total);
            paid += payouts[i];
        }
        // Rounding dust goes to the final winner so that no wei stays locked.
        payouts[_winnerIndex[sessionId]] += bounty - paid;

        s.status = Status.Settled;
        address[] storage payees = _payees[sessionId];
        for (uint256 i = 0; i < n; ++i) {
            _claimable[payees[i]] += payouts[i];
        }
        emit SessionSettled(sessionId, s.winnerAgentId, s.winnerProposalHash, payouts);
    }

    /// @inheritdoc ISessions
    function claim() external nonReentrant {
        uint256 amount = _claimable[msg.sender];
        if (amount == 0) revert NothingToClaim(msg.sender);
        _claimable[msg.sender] = 0;
        emit PayoutClaimed(msg.sender, amount);
        (bool ok,) = payable(msg.sender).call{value: amount}("");
        if (!ok) revert TransferFailed(msg.sender, amount);
    }

    /// @inheritdoc ISessions
    function getSession(uint256 sessionId) external view returns (Session memory) {
        return _existing(sessionId);
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
    function getPayees(uint256 sessionId) external view returns (address[] memory) {
        _existing(sessionId);
        return _payees[sessionId];
    }

    /// @inheritdoc ISessions
    function support(uint256 sessionId) external view returns (uint256[] memory) {
        _existing(sessionId);
        return _support[sessionId];
    }

    /// @inheritdoc ISessions
    function sessionCount() external view returns (uint256) {
        return _sessionCount;
    }

    /// @inheritdoc ISessions
    function claimable(address account) external view returns (uint256) {
        return _claimable[account];
    }

    /// @inheritdoc ISessions
    function registry() external view returns (IAgentRegistry) {
        return _registry;
    }

    /// @inheritdoc ISessions
    function ballotDigest(uint256 sessionId, uint32 round, bytes32 proposalHash, bytes calldata votes)
        public
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(keccak256(abi.encode(BALLOT_TYPEHASH, sessionId, round, proposalHash, keccak256(votes))));
    }

    function _existing(uint256 sessionId) private view returns (Session storage s) {
        s = _sessions[sessionId];
        if (s.status == Status.None) revert UnknownSession(sessionId);
    }

    function _openSessionOf(uint256 sessionId) private view returns (Session storage s) {
        s = _existing(sessionId);
        if (msg.sender != s.orchestrator) revert NotOrchestrator(sessionId, msg.sender);
        if (s.status != Status.Open) revert SessionNotOpen(sessionId, s.status);
    }

    function _nextRoundOf(uint256 sessionId, uint32 round) private view returns (Session storage s) {
        s = _openSessionOf(sessionId);
        uint32 expected = s.roundsRecorded + 1;
        if (round != expected) revert RoundOutOfOrder(sessionId, expected, round);
        if (round > s.maxRounds) revert RoundLimitReached(sessionId, s.maxRounds);
    }

    /// @dev The sorted order of the round's proposals, after checking each hash is non-zero and distinct.
    function _validatedOrder(bytes32[] calldata proposalHashes) private pure returns (uint256[] memory order) {
        uint256 n = proposalHashes.length;
        for (uint256 i = 0; i < n; ++i) {
            if (proposalHashes[i] == bytes32(0)) revert InvalidProposalHash(i, bytes32(0));
        }
        order = ProposalOrder.sortedIndices(proposalHashes);
        // The sort is stable, so of two equal hashes the later agent is named.
        for (uint256 k = 1; k < n; ++k) {
            if (proposalHashes[order[k]] == proposalHashes[order[k - 1]]) {
                revert InvalidProposalHash(order[k], proposalHashes[order[k]]);
            }
        }
    }

    /// @dev Adds the positive scores to support and makes the round winner the current answer.
    function _applyScores(
        Session storage s,
        uint256 sessionId,
        uint32 round,
        bytes32[] calldata proposalHashes,
        int256[] memory scores
    ) private returns (uint256 winner) {
        winner = ProposalOrder.winnerIndex(scores, proposalHashes);
        uint256[] storage support_ = _support[sessionId];
        for (uint256 j = 0; j < scores.length; ++j) {
            if (scores[j] > 0) support_[j] += uint256(scores[j]);
        }
        s.roundsRecorded = round;
        s.winnerAgentId = _agentIds[sessionId][winner];
        s.winnerProposalHash = proposalHashes[winner];
        _winnerIndex[sessionId] = winner;
    }

    /// @dev The round's scores in agent order, after checking each ballot's length and votes.
    function _tally(bytes[] calldata ballots, uint256[] memory order) private pure returns (int256[] memory scores) {
        uint256 n = order.length;
        scores = new int256[](n);
        for (uint256 k = 0; k < n; ++k) {
            uint256 i = order[k]; // agent i's own proposal sits at sorted position k
            if (ballots[i].length != n) revert InvalidBallotLength(i, ballots[i].length, n);
            _addVotes(i, k, ballots[i], order, scores);
        }
    }

    /// @dev Checks that each agent's signature recovers to the signer snapshotted at creation.
    function _verifySignatures(
        uint256 sessionId,
        uint32 round,
        bytes32[] calldata proposalHashes,
        bytes[] calldata ballots,
        bytes[] calldata signatures
    ) private view {
        address[] storage signers = _signers[sessionId];
        for (uint256 i = 0; i < signers.length; ++i) {
            bytes32 digest = ballotDigest(sessionId, round, proposalHashes[i], ballots[i]);
            (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signatures[i]);
            if (err != ECDSA.RecoverError.NoError || recovered != signers[i]) {
                revert InvalidSignature(i, recovered, signers[i]);
            }
        }
    }

    /// @dev Adds agent `i`'s votes to `scores`, rejecting a self-vote and an overspent budget.
    function _addVotes(uint256 i, uint256 ownPosition, bytes calldata ballot, uint256[] memory order, int256[] memory scores)
        private
        pure
    {
        uint256 spent;
        for (uint256 k = 0; k < ballot.length; ++k) {
            int8 vote = int8(uint8(ballot[k]));
            if (vote == 0) continue;
            if (k == ownPosition) revert SelfVote(i, vote);
            int256 v = vote;
            spent += uint256(v * v);
            scores[order[k]] += v;
        }
        if (spent > VOTE_CREDITS) revert VoteBudgetExceeded(i, spent, VOTE_CREDITS);
    }
}
