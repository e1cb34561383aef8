// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {ISessions} from "../interfaces/ISessions.sol";
import {DipMath} from "../libraries/DipMath.sol";
import {Reliability} from "../libraries/Reliability.sol";
import {RoyaltySplit} from "../libraries/RoyaltySplit.sol";
import {RoundTerms} from "../libraries/RoundTerms.sol";
import {SessionState} from "../libraries/SessionState.sol";
import {SessionsStorage} from "./SessionsStorage.sol";

/**
 * @title SessionSettlement
 * @notice DIP settlement, refunds and pull payments. Settlement is O(agents) and independent of
 * royalty recipients: agents' payouts are derived from the frozen quality lanes, and each agent's
 * payout is split among its recipients lazily by {claimRoyalty}.
 */
abstract contract SessionSettlement is SessionsStorage, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @inheritdoc ISessions
    function settle(uint256 sessionId) external {
        Live storage live = _existing(sessionId);
        RoundTerms c = live.terms;
        SessionState st = live.state;
        Status status = st.status();
        if (status == Status.Settled) return; // idempotent: a repeat call changes nothing
        if (status != Status.Open) revert SessionNotOpen(sessionId, status);
        uint8 rounds = st.roundsRecorded();
        if (rounds < c.minRounds()) revert TooFewRounds(sessionId, rounds, c.minRounds());
        Terms storage t = _terms[sessionId];
        // Before maxRounds and the deadline, ending the session is the orchestrator's halting
        // decision; after the deadline no round can be added, so anyone may settle the work done.
        if (rounds < c.maxRounds() && msg.sender != t.orchestrator && block.timestamp <= c.deadline()) {
            revert NotOrchestrator(sessionId, msg.sender);
        }
        // A last round with absent agents may still be replaced by its complete version (until the
        // deadline, after which no round can be recorded).
        uint256 until = st.disputableUntil();
        if (until >= block.timestamp && block.timestamp <= c.deadline()) {
            revert RoundDisputable(sessionId, rounds, uint40(until));
        }

        uint256 bounty = t.bounty;
        uint256 fee = _feeOf(bounty);
        (uint256[] memory payouts, uint256 paid) =
            DipMath.payouts(bounty - fee, st.quality(), c.agentCount(), rounds, c.fairVote());
        uint256 unearned = bounty - fee - paid;
        if (fee + paid + unearned != bounty) revert PayoutMismatch(bounty, fee, paid, unearned);

        live.state = st.setStatus(Status.Settled);
        _claimable[t.token][_treasury] += fee + unearned;
        _recordHistories(sessionId, st.presentInRoundOne(), st.endorsed(), t.named ? t.taskFamily : bytes32(0));
        emit SessionSettled(sessionId, _agentIds[sessionId][st.winnerIndex()], payouts, fee, unearned);
    }

    /// @inheritdoc ISessions
    function refund(uint256 sessionId) external nonReentrant {
        (Live storage live, SessionState st, RoundTerms c) = _unpaid(sessionId);
        Terms storage t = _terms[sessionId];
        if (msg.sender != t.submitter) revert NotSubmitter(sessionId, msg.sender);
        uint256 after_ = _refundAfter(sessionId, st, c);
        if (block.timestamp <= after_) revert RefundTooEarly(sessionId, uint64(after_));
        _refund(sessionId, live, st, t);
    }

    /// @dev An open session that recorded fewer than minRounds rounds: its state and terms.
    function _unpaid(uint256 sessionId) internal view returns (Live storage live, SessionState st, RoundTerms c) {
        live = _existing(sessionId);
        st = live.state;
        if (st.status() != Status.Open) revert SessionNotOpen(sessionId, st.status());
        c = live.terms;
        // Work that met minRounds is paid, whatever the submitter does: settle, not refund.
        if (st.roundsRecorded() >= c.minRounds()) revert RefundAfterMinRounds(sessionId, st.roundsRecorded(), c.minRounds());
    }

    /// @dev Marks the session Refunded (state `st` otherwise kept) and sends the bounty to its submitter.
    function _refund(uint256 sessionId, Live storage live, SessionState st, Terms storage t) internal {
        live.state = st.setStatus(Status.Refunded);
        address submitter = t.submitter;
        emit SessionRefunded(sessionId, submitter, t.token, t.bounty);
        _send(t.token, submitter, t.bounty);
    }

    /// @inheritdoc ISessions
    function claimRoyalty(uint256 sessionId, uint256 agentIndex, RoyaltySplit.Split calldata split) external {
        Live storage live = _existing(sessionId);
        if (live.state.status() != Status.Settled) revert NotSettled(sessionId);
        uint256 n = live.terms.agentCount();
        if (agentIndex >= n) revert AgentIndexOutOfRange(sessionId, agentIndex);
        uint256 done = _distributed[sessionId];
        if (done & (1 << agentIndex) != 0) revert RoyaltyAlreadyDistributed(sessionId, agentIndex);
        bytes32 expected = _splitHashes[sessionId][agentIndex];
        bytes32 given = RoyaltySplit.hash(split);
        if (given != expected) revert SplitMismatch(sessionId, agentIndex, given, expected);

        _distributed[sessionId] = done | (1 << agentIndex);
        uint256 amount = _payoutOf(sessionId, live, agentIndex);
        address token = _terms[sessionId].token;
        uint256 recipients = split.recipients.length; // ≤ MAX_RECIPIENTS: validated by the registry
        uint256 distributed;
        for (uint256 i = 0; i < recipients; ++i) {
            uint256 part = RoyaltySplit.share(amount, split.bps[i], distributed, i == recipients - 1);
            distributed += part;
            _claimable[token][split.recipients[i]] += part;
        }
        emit RoyaltyDistributed(sessionId, agentIndex, expected, amount);
    }

    /// @inheritdoc ISessions
    function claim(address token) external nonReentrant {
        uint256 amount = _claimable[token][msg.sender];
        if (amount == 0) revert NothingToClaim(token, msg.sender);
        _claimable[token][msg.sender] = 0;
        emit PayoutClaimed(token, msg.sender, amount);
        _send(token, msg.sender, amount);
    }

    /// @inheritdoc ISessions
    function payoutOf(uint256 sessionId, uint256 agentIndex) external view returns (uint256) {
        Live storage live = _existing(sessionId);
        if (agentIndex >= live.terms.agentCount()) revert AgentIndexOutOfRange(sessionId, agentIndex);
        return live.state.status() == Status.Settled ? _payoutOf(sessionId, live, agentIndex) : 0;
    }

    /// @inheritdoc ISessions
    function royaltyDistributed(uint256 sessionId, uint256 agentIndex) external view returns (bool) {
        return _distributed[sessionId] & (1 << agentIndex) != 0;
    }

    /// @inheritdoc ISessions
    function refundAfter(uint256 sessionId) external view returns (uint256) {
        Live storage live = _existing(sessionId);
        return _refundAfter(sessionId, live.state, live.terms);
    }

    /// @dev The deadline, or sooner the end of a standing failure claim's grace ({failSession}).
    function _refundAfter(uint256 sessionId, SessionState st, RoundTerms c) private view returns (uint256) {
        uint256 deadline = c.deadline();
        if (!st.failureClaimed()) return deadline;
        uint256 claimed = _claimRefundAfter[sessionId];
        return claimed < deadline ? claimed : deadline;
    }

    function claimable(address token, address account) external view returns (uint256) {
        return _claimable[token][account];
    }

    /// @dev One more settled session, endorsed or not ({Reliability}), in the history in the
    /// session's family of each agent present in round 1. An agent absent from it keeps its history:
    /// anyone may name any agent in a session, so a session it never joined says nothing of it.
    function _recordHistories(uint256 sessionId, uint256 present, uint256 endorsed, bytes32 family) private {
        mapping(uint256 => uint256) storage histories = _histories(family);
        uint256[] storage agentIds = _agentIds[sessionId];
        uint256 n = agentIds.length;
        for (uint256 i = 0; i < n; ++i) {
            if ((present >> i) & 1 == 0) continue;
            uint256 agentId = agentIds[i];
            histories[agentId] = Reliability.record(histories[agentId], (endorsed >> i) & 1 == 1);
        }
    }

    function _payoutOf(uint256 sessionId, Live storage live, uint256 agentIndex) private view returns (uint256) {
        uint256 bounty = _terms[sessionId].bounty;
        SessionState st = live.state;
        RoundTerms c = live.terms;
        return DipMath.payoutOf(
            bounty - _feeOf(bounty), st.quality(), c.agentCount(), st.roundsRecorded(), c.fairVote(), agentIndex
        );
    }

    function _send(address token, address to, uint256 amount) private {
        if (token == address(0)) {
            (bool ok,) = payable(to).call{value: amount}("");
            if (!ok) revert TransferFailed(to, amount);
        } else {
            // A token may charge its sender on top of the amount: then Sessions would hold less
            // than it owes, so such a transfer is refused.
            uint256 before = IERC20(token).balanceOf(address(this));
            IERC20(token).safeTransfer(to, amount);
            uint256 remaining = IERC20(token).balanceOf(address(this));
            if (remaining + amount < before) revert TransferOverdrawn(token, amount, before - remaining);
        }
    }
}
