// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ISessions} from "../../contracts/interfaces/ISessions.sol";
import {ISessionsTypes} from "../../contracts/interfaces/ISessionsTypes.sol";
import {RoyaltySplit} from "../../contracts/libraries/RoyaltySplit.sol";
import {SessionsTestBase} from "./support/SessionsTestBase.sol";

/**
 * @notice Drives Sessions through random sequences of create (absenceGrace 0, 60, 600 or 3 600 s),
 * record (complete, or by the orchestrator with one agent absent; ballots may overspend), replace
 * (a stranger's complete version of the last round), settle (by the orchestrator or a stranger),
 * claimRoyalty, claim, time warps (past dispute windows and deadlines), refund and failSession (by
 * the orchestrator or a stranger, with any set of agents' signed declines), keeping ghost totals and
 * rule breaches to check against.
 */
contract SessionsHandler is SessionsTestBase {
    uint256 internal constant N = 3;
    address internal constant R1 = address(0xA1);
    address internal constant R2 = address(0xA2);
    address internal constant STRANGER = address(0x5E);

    uint256[] internal _ids;
    address[] internal _accounts;
    mapping(uint256 sessionId => uint256) internal _bountyOf;
    /// @dev What settlement credited the treasury: the fee and what the levels left unearned.
    mapping(uint256 sessionId => uint256) internal _toTreasury;

    uint256 public deposited;
    uint256 public claimed;
    uint256 public refunded;
    uint256 public maxSpentRecorded;
    uint256 public roundsRecorded;
    uint256 public partialRounds;
    uint256 public replacements;
    uint256 public settlements;
    bool public distributedTwice;
    bool public strangerSettledEarly;
    bool public settleRefused;
    bool public refundedWork;
    /// @dev failSession went through for someone other than the orchestrator, or refunded a
    /// session whose declines left enough agents to attest a round.
    bool public failureMisused;
    /// @dev A next round or a settlement before the deadline went through while a window was open,
    /// or a replacement outside a window.
    bool public windowBroken;
    /// @dev A multicall batch that held a refused call went through.
    bool public batchPartlyApplied;

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

    function create(uint256 seed, uint8 graceSeed) external {
        uint256 bounty = 1e6 + seed % 100 ether;
        uint32[4] memory graces = [uint32(0), 60, 600, 3_600];
        uint256 id = _open(N, bounty, 10_000, 3, graces[graceSeed % 4]);
        _ids.push(id);
        _bountyOf[id] = bounty;
        deposited += bounty;
    }

    /// @dev The next round: complete (by the orchestrator or a stranger) or, a third of the time,
    /// with agent `absentSeed % 3` absent (by the orchestrator).
    function record(uint256 seed, int8[6] calldata raw, uint8 absentSeed) external {
        if (_ids.length == 0) return;
        uint256 id = _ids[seed % _ids.length];
        uint32 round = sessions.getSession(id).roundsRecorded + 1;
        uint256 present = absentSeed % 6 < 3 ? 7 & ~(uint256(1) << (absentSeed % 6)) : 7;
        int8[][] memory votes = _votes(raw, present);
        bytes memory packed = _packRound(id, round, present, votes);
        uint256 until = sessions.disputableUntil(id);
        vm.prank(present != 7 || seed & 1 == 0 ? ORCHESTRATOR : STRANGER);
        bool ok;
        if (seed & 2 == 0) {
            (ok,) = _recordRound(id, round, packed);
        } else {
            // Through Sessions.multicall, once or (seed & 4) twice in one batch: the second copy is
            // refused (RoundAlreadyRecorded or RoundDisputable), so the whole batch must record nothing.
            bytes memory call = abi.encodePacked(ISessions.recordRound.selector, uint64(id), uint8(round), packed);
            bytes memory batch = abi.encodePacked(ISessions.multicall.selector, uint24(call.length), call);
            if (seed & 4 != 0) batch = abi.encodePacked(batch, uint24(call.length), call);
            (ok,) = address(sessions).call(batch);
            if (ok && seed & 4 != 0) batchPartlyApplied = true;
        }
        if (ok) {
            roundsRecorded += 1;
            if (present != 7) partialRounds += 1;
            if (until >= block.timestamp) windowBroken = true;
            for (uint256 k = 0; k < N; ++k) {
                uint256 spent = _spent(votes[k]);
                if (spent > maxSpentRecorded) maxSpentRecorded = spent;
            }
        }
    }

    /// @dev A stranger's complete version of the last recorded round (votes within ±70, so within
    /// the credits: overspending is {record}'s to try).
    function replace(uint256 seed, int8[6] calldata raw) external {
        if (_ids.length == 0) return;
        uint256 id = _ids[seed % _ids.length];
        ISessionsTypes.SessionView memory s = sessions.getSession(id);
        if (s.roundsRecorded == 0) return;
        uint256 until = sessions.disputableUntil(id);
        int8[6] memory small;
        for (uint256 j = 0; j < 6; ++j) {
            small[j] = raw[j] % 71;
        }
        int8[][] memory votes = _votes(small, 7);
        bytes memory packed = _packRound(id, s.roundsRecorded, 7, votes);
        vm.prank(STRANGER);
        (bool ok,) = _recordRound(id, s.roundsRecorded, packed);
        if (ok) {
            replacements += 1;
            if (until < block.timestamp || block.timestamp > s.deadline) windowBroken = true;
            for (uint256 k = 0; k < N; ++k) {
                uint256 spent = _spent(votes[k]);
                if (spent > maxSpentRecorded) maxSpentRecorded = spent;
            }
        }
    }

    /// @dev By the orchestrator or, half the time, by a stranger (who may settle after the deadline).
    function settle(uint256 seed, bool byStranger) external {
        if (_ids.length == 0) return;
        uint256 id = _ids[seed % _ids.length];
        ISessionsTypes.SessionView memory s = sessions.getSession(id);
        uint256 until = sessions.disputableUntil(id);
        uint256 treasuryBefore = sessions.claimable(address(0), TREASURY);
        vm.prank(byStranger ? STRANGER : ORCHESTRATOR);
        try sessions.settle(id) {
            if (s.status != ISessionsTypes.Status.Open) return;
            settlements += 1;
            _toTreasury[id] = sessions.claimable(address(0), TREASURY) - treasuryBefore;
            bool early = s.roundsRecorded < s.maxRounds && block.timestamp <= s.deadline;
            if (byStranger && early) strangerSettledEarly = true;
            if (until >= block.timestamp && block.timestamp <= s.deadline) windowBroken = true;
        } catch {
            // After the deadline, an open session with minRounds recorded must settle for anyone,
            // a dispute window open or not.
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

    /// @dev Up to two hours: past dispute windows (at most an hour), rarely past a deadline.
    function warp(uint32 jump) external {
        vm.warp(block.timestamp + jump % 2 hours);
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

    /// @dev The orchestrator (or, a quarter of the time, a stranger) declares the session failed with
    /// the declines of the agents in `mask`; 2 of 3 decliners refund at once.
    function fail(uint256 seed, uint8 mask, uint8 callerSeed) external {
        if (_ids.length == 0) return;
        uint256 id = _ids[seed % _ids.length];
        ISessionsTypes.SessionView memory s = sessions.getSession(id);
        bytes memory declines;
        uint256 count;
        bytes32 digest = _declineDigest(id);
        for (uint256 i = 0; i < N; ++i) {
            if ((mask >> i) & 1 == 0) continue;
            (uint8 v, bytes32 r, bytes32 sig) = vm.sign(_agentKey(i), digest);
            declines = abi.encodePacked(declines, uint8(i), r, sig, v);
            ++count;
        }
        address caller = callerSeed % 4 == 0 ? STRANGER : ORCHESTRATOR;
        vm.prank(caller);
        try sessions.failSession(id, "handler", declines) {
            if (caller != ORCHESTRATOR || s.roundsRecorded >= s.minRounds) failureMisused = true;
            if (sessions.getSession(id).status == ISessionsTypes.Status.Refunded) {
                refunded += _bountyOf[id];
                if (2 * count < N) failureMisused = true;
            }
        } catch {}
    }

    function _declineDigest(uint256 id) internal view returns (bytes32) {
        bytes32 domain = keccak256(abi.encode(
            keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
            keccak256("Concord Sessions"), keccak256("1"), block.chainid, address(sessions)
        ));
        return keccak256(abi.encodePacked("\x19\x01", domain, keccak256(abi.encode(keccak256("Decline(uint256 sessionId)"), id))));
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

    /// @notice Every settled session: Σ payouts + what the treasury got (fee + unearned) = bounty,
    /// the treasury got at least the fee, and no payout exceeds net / n.
    function settledSplitsHold() external view returns (bool sumsHold, bool sharesHold) {
        sumsHold = true;
        sharesHold = true;
        for (uint256 i = 0; i < _ids.length; ++i) {
            uint256 id = _ids[i];
            if (sessions.getSession(id).status != ISessionsTypes.Status.Settled) continue;
            uint256 bounty = _bountyOf[id];
            uint256 fee = bounty * FEE_BPS / 10_000;
            uint256 paid = 0;
            for (uint256 agent = 0; agent < N; ++agent) {
                uint256 payout = sessions.payoutOf(id, agent);
                paid += payout;
                if (payout > (bounty - fee) / N) sharesHold = false;
            }
            if (paid + _toTreasury[id] != bounty || _toTreasury[id] < fee) sumsHold = false;
        }
    }

    /// @dev votes[k][q] from `raw` (agent k votes raw[2k] for agent k + 1 and raw[2k + 1] for agent
    /// k + 2), 0 for absent targets.
    function _votes(int8[6] memory raw, uint256 present) internal pure returns (int8[][] memory votes) {
        votes = new int8[][](N);
        for (uint256 k = 0; k < N; ++k) {
            votes[k] = new int8[](N);
            if ((present >> k) & 1 == 0) continue;
            uint256 a = (k + 1) % N;
            uint256 b = (k + 2) % N;
            if ((present >> a) & 1 == 1) votes[k][a] = raw[2 * k];
            if ((present >> b) & 1 == 1) votes[k][b] = raw[2 * k + 1];
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

    /// @dev escrow == open bounties + undistributed payouts + Σ claimable (fees and unearned included).
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

    /// @dev Only the orchestrator fails a session, only before minRounds, and it refunds at once only
    /// on enough declines (its refunds count in the conservation invariants above).
    function invariant_failSessionFollowsItsRules() public view {
        require(!handler.failureMisused(), "failSession broke a rule");
    }

    /// @dev A batch is all or nothing: one that holds a refused call records nothing.
    function invariant_batchIsAllOrNothing() public view {
        require(!handler.batchPartlyApplied(), "a batch with a refused call went through");
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

    /// @dev Every settled session paid out its whole bounty: Σ payouts + fee + unearned = bounty.
    function invariant_settledBountyIsPaidOutWhole() public view {
        (bool sumsHold,) = handler.settledSplitsHold();
        require(sumsHold, "payouts + fee + unearned differ from the bounty");
    }

    /// @dev A level is at most 2L, so no agent earns more than net / n.
    function invariant_noPayoutAboveAnEqualShare() public view {
        (, bool sharesHold) = handler.settledSplitsHold();
        require(sharesHold, "a payout exceeds net / n");
    }

    /// @dev While a round with absent agents is open to dispute (before the deadline) nothing is
    /// built on it; only within its window is it replaced.
    function invariant_disputeWindowsHold() public view {
        require(!handler.windowBroken(), "a dispute window was not respected");
    }

    /// @dev Every recorded ballot spent at most the session's credits.
    function invariant_everyRecordedBallotWithinCredits() public view {
        require(handler.maxSpentRecorded() <= 10_000, "an over-budget ballot was recorded");
    }
}
