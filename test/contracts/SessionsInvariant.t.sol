// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ISessionsTypes} from "../../contracts/interfaces/ISessionsTypes.sol";
import {RoyaltySplit} from "../../contracts/libraries/RoyaltySplit.sol";
import {SessionsTestBase} from "./support/SessionsTestBase.sol";

/**
 * @notice Drives Sessions through random sequences of create, record (ballots may overspend),
 * settle (by the orchestrator or a stranger), claimRoyalty, claim and refund-after-a-time-jump,
 * keeping ghost totals and rule breaches to check against.
 */
contract SessionsHandler is SessionsTestBase {
    uint256 internal constant N = 3;
    address internal constant R1 = address(0xA1);
    address internal constant R2 = address(0xA2);
    address internal constant STRANGER = address(0x5E);

    uint256[] internal _ids;
    address[] internal _accounts;
    mapping(uint256 sessionId => uint256) internal _bountyOf;

    uint256 public deposited;
    uint256 public claimed;
    uint256 public refunded;
    uint256 public maxSpentRecorded;
    uint256 public roundsRecorded;
    bool public distributedTwice;
    bool public strangerSettledEarly;
    bool public settleRefused;
    bool public refundedWork;

    constructor() {
        _deploy();
        RoyaltySplit.Split memory split = _twoWay();
        _register(0, split);
        _register(1, _solo(_operator(1)));
        _register(2, _solo(_operator(2)));
        _accounts = [R1, R2, _operator(1), _operator(2), TREASURY];
        vm.deal(address(this), 1e30);
    }

    function sessionsAddress() external view returns (address) {
        return address(sessions);
    }

    function create(uint256 seed) external {
        uint256 bounty = 1e6 + seed % 100 ether;
        uint256 id = _open(N, bounty, 10_000, 3);
        _ids.push(id);
        _bountyOf[id] = bounty;
        deposited += bounty;
    }

    function record(uint256 seed, int8[6] calldata raw) external {
        if (_ids.length == 0) return;
        uint256 id = _ids[seed % _ids.length];
        ISessionsTypes.SessionView memory s = sessions.getSession(id);
        uint32 round = s.roundsRecorded + 1;
        int8[][] memory votes = new int8[][](N);
        for (uint256 k = 0; k < N; ++k) {
            votes[k] = new int8[](N);
            votes[k][(k + 1) % N] = raw[2 * k];
            votes[k][(k + 2) % N] = raw[2 * k + 1];
        }
        bytes memory packed = _packFull(id, round, votes);
        try sessions.recordRound(id, round, packed) {
            roundsRecorded += 1;
            for (uint256 k = 0; k < N; ++k) {
                uint256 spent = _spent(votes[k]);
                if (spent > maxSpentRecorded) maxSpentRecorded = spent;
            }
        } catch {}
    }

    /// @dev By the orchestrator or, half the time, by a stranger (who may settle after the deadline).
    function settle(uint256 seed, bool byStranger) external {
        if (_ids.length == 0) return;
        uint256 id = _ids[seed % _ids.length];
        ISessionsTypes.SessionView memory s = sessions.getSession(id);
        vm.prank(byStranger ? STRANGER : ORCHESTRATOR);
        try sessions.settle(id) {
            bool early = s.roundsRecorded < s.maxRounds && block.timestamp <= s.deadline;
            if (byStranger && s.status == ISessionsTypes.Status.Open && early) strangerSettledEarly = true;
        } catch {
            // After the deadline, an open session with minRounds recorded must settle for anyone.
            if (s.status == ISessionsTypes.Status.Open && s.roundsRecorded >= s.minRounds && block.timestamp > s.deadline) {
                settleRefused = true;
            }
        }
    }

    function distribute(uint256 seed, uint8 agentSeed) external {
        if (_ids.length == 0) return;
        uint256 id = _ids[seed % _ids.length];
        uint256 agent = agentSeed % N;
        bool already = sessions.royaltyDistributed(id, agent);
        RoyaltySplit.Split memory split = agent == 0 ? _twoWay() : _solo(_operator(agent));
        try sessions.claimRoyalty(id, agent, split) {
            if (already) distributedTwice = true;
        } catch {}
    }

    function claim(uint8 who) external {
        address account = _accounts[who % _accounts.length];
        uint256 amount = sessions.claimable(address(0), account);
        vm.prank(account);
        try sessions.claim(address(0)) {
            claimed += amount;
        } catch {}
    }

    function refund(uint256 seed, uint32 jump) external {
        if (_ids.length == 0) return;
        vm.warp(block.timestamp + jump % 2 days);
        uint256 id = _ids[seed % _ids.length];
        ISessionsTypes.SessionView memory s = sessions.getSession(id);
        try sessions.refund(id) {
            refunded += _bountyOf[id];
            if (s.roundsRecorded >= s.minRounds) refundedWork = true;
        } catch {}
    }

    /// @notice What the contract must hold: open bounties, undistributed settled payouts, and claimables.
    function owed() external view returns (uint256 total) {
        for (uint256 i = 0; i < _ids.length; ++i) {
            uint256 id = _ids[i];
            ISessionsTypes.Status status = sessions.getSession(id).status;
            if (status == ISessionsTypes.Status.Open) total += _bountyOf[id];
            if (status != ISessionsTypes.Status.Settled) continue;
            for (uint256 agent = 0; agent < N; ++agent) {
                if (!sessions.royaltyDistributed(id, agent)) total += sessions.payoutOf(id, agent);
            }
        }
        for (uint256 i = 0; i < _accounts.length; ++i) {
            total += sessions.claimable(address(0), _accounts[i]);
        }
    }

    function _twoWay() internal pure returns (RoyaltySplit.Split memory split) {
        split.recipients = new address[](2);
        split.recipients[0] = R1;
        split.recipients[1] = R2;
        split.bps = new uint16[](2);
        split.bps[0] = 4_000;
        split.bps[1] = 6_000;
    }
}

/// @notice The conservation and safety properties, checked after every handler call.
contract SessionsInvariantTest {
    SessionsHandler internal handler;

    function setUp() public {
        handler = new SessionsHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev escrow == open bounties + undistributed payouts + Σ claimable (fees and dust included).
    function invariant_escrowEqualsWhatIsOwed() public view {
        require(handler.sessionsAddress().balance == handler.owed(), "escrow differs from what is owed");
    }

    /// @dev Every wei deposited is still escrowed, was claimed, or was refunded.
    function invariant_depositsAreConserved() public view {
        require(
            handler.deposited() == handler.sessionsAddress().balance + handler.claimed() + handler.refunded(),
            "wei appeared or vanished"
        );
    }

    /// @dev No agent's payout is distributed to its recipients twice.
    function invariant_nobodyClaimsTwice() public view {
        require(!handler.distributedTwice(), "a payout was distributed twice");
    }

    /// @dev Before the deadline a stranger settles only at maxRounds; after it, anyone settles a
    /// session with minRounds recorded; such a session is never refunded.
    function invariant_settleAndRefundFollowTheRounds() public view {
        require(!handler.strangerSettledEarly(), "a stranger settled before maxRounds and the deadline");
        require(!handler.settleRefused(), "a session with minRounds was not settleable after the deadline");
        require(!handler.refundedWork(), "a session with minRounds recorded was refunded");
    }

    /// @dev Every recorded ballot spent at most the session's credits.
    function invariant_everyRecordedBallotWithinCredits() public view {
        require(handler.maxSpentRecorded() <= 10_000, "an over-budget ballot was recorded");
    }
}
