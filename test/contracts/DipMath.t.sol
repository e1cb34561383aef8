// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {DipMath} from "../../contracts/libraries/DipMath.sol";
import {Lanes} from "../../contracts/libraries/Lanes.sol";
import {RoyaltySplit} from "../../contracts/libraries/RoyaltySplit.sol";
import {BACKING_LANE_BITS, SUPPORT_LANE_BITS} from "../../contracts/libraries/SessionState.sol";
import {Vm} from "./support/SessionsTestBase.sol";

/// @notice Exposes the calldata-taking split validation to the fuzzer.
contract SplitHarness {
    function validate(RoyaltySplit.Split calldata split) external pure returns (bytes32, uint16) {
        return RoyaltySplit.validate(split);
    }
}

/// @notice Fuzzes the settlement and split arithmetic.
contract DipMathTest {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    SplitHarness internal harness;

    function setUp() public {
        harness = new SplitHarness();
    }

    /// @dev Σ payouts never exceeds the net bounty, each payout is payoutOf, and the dust is < 2n.
    function testFuzz_payouts_sumToNetMinusSmallDust(uint128 net, uint256 support, uint96 backing, uint8 rawN) public pure {
        uint256 n = 2 + uint256(rawN) % 9;
        support &= (1 << (SUPPORT_LANE_BITS * n)) - 1;
        (uint256[] memory amounts, uint256 paid) = DipMath.payouts(net, support, backing, n);
        require(paid <= net, "payouts exceed the net bounty");
        require(net - paid < 2 * n, "dust is larger than the rounding of 2n shares");
        for (uint256 i = 0; i < n; ++i) {
            require(amounts[i] == DipMath.payoutOf(net, support, backing, n, i), "payoutOf disagrees");
        }
    }

    /// @dev Up to MAX_NET, no product overflows, whatever the lanes hold (support lanes to 2^16 − 1,
    /// beyond any reachable total), and any payout splits at any basis points.
    function testFuzz_payouts_neverOverflowUpToMaxNet(uint256 net, uint256 support, uint72 backing, uint8 rawN, uint16 bps)
        public
        pure
    {
        net = net % (DipMath.MAX_NET + 1);
        uint256 n = 2 + uint256(rawN) % 9;
        support &= (1 << (SUPPORT_LANE_BITS * n)) - 1;
        (uint256[] memory amounts, uint256 paid) = DipMath.payouts(net, support, backing, n);
        require(paid <= net, "payouts exceed the net bounty");
        for (uint256 i = 0; i < n; ++i) {
            RoyaltySplit.share(amounts[i], bps % (RoyaltySplit.TOTAL_BPS + 1), 0, false);
        }
        DipMath.payoutOf(DipMath.MAX_NET, type(uint160).max, type(uint72).max, 10, 0);
    }

    /// @dev With pools at the required minimum, an agent of weight 1 against the largest possible
    /// totals still earns ≥ ⌈10 000/minBps⌉, so its smallest recipient gets ≥ 1 wei.
    function testFuzz_requiredPools_noShareFloorsToZero(
        uint8 rawN,
        uint8 rawRounds,
        uint16 rawCredits,
        uint16 rawMinBps,
        uint64 extra
    ) public pure {
        uint256 n = 2 + uint256(rawN) % 9;
        uint256 rounds = 1 + uint256(rawRounds) % 64;
        uint256 maxVote = _sqrt(1 + uint256(rawCredits) % 10_000);
        uint256 minBps = 1 + uint256(rawMinBps) % 10_000;
        (uint256 needSupport, uint256 needEvaluator) = DipMath.requiredPools(n, rounds, maxVote, minBps);
        uint256 net = _max(needSupport * 5 / 4 + 2, needEvaluator * 5 + 5) + extra;
        (uint256 supportPool, uint256 evaluatorPool) = DipMath.pools(net, true);
        require(supportPool >= needSupport && evaluatorPool >= needEvaluator, "net below the required pools");

        (uint256 support, uint256 backing) = _worstCase(n, rounds, maxVote);
        uint256 payout = DipMath.payoutOf(net, support, backing, n, 0);
        require(payout * minBps / 10_000 >= 1, "the smallest recipient's share floored to zero");
    }

    /// @dev The recipients' parts sum exactly to the amount; all but the last are amount·bps/10 000.
    function testFuzz_splitShares_sumToAmount(uint128 amount, uint16[8] memory raw, uint8 rawCount) public view {
        uint256 count = 1 + uint256(rawCount) % 8;
        RoyaltySplit.Split memory split;
        split.recipients = new address[](count);
        split.bps = new uint16[](count);
        uint256 total;
        uint16 least = type(uint16).max;
        for (uint256 i = 0; i < count; ++i) {
            split.recipients[i] = address(uint160(i + 1));
            uint16 bps = i == count - 1 ? uint16(10_000 - total) : uint16(1 + uint256(raw[i]) % (10_000 / count));
            split.bps[i] = bps;
            total += bps;
            if (bps < least) least = bps;
        }
        (bytes32 splitHash, uint16 minBps) = harness.validate(split);
        require(splitHash == keccak256(abi.encode(split.recipients, split.bps)), "hash");
        require(minBps == least, "minBps");
        uint256 distributed;
        for (uint256 i = 0; i < count; ++i) {
            uint256 part = RoyaltySplit.share(amount, split.bps[i], distributed, i == count - 1);
            if (i != count - 1) require(part == uint256(amount) * split.bps[i] / 10_000, "part");
            distributed += part;
        }
        require(distributed == amount, "parts do not sum to the amount");
    }

    /// @dev Splits that break a rule are refused.
    function testFuzz_validate_rejectsBadTotals(uint16 a, uint16 b) public view {
        vm.assume(a > 0 && b > 0 && uint256(a) + b != 10_000);
        RoyaltySplit.Split memory split;
        split.recipients = new address[](2);
        split.recipients[0] = address(1);
        split.recipients[1] = address(2);
        split.bps = new uint16[](2);
        split.bps[0] = a;
        split.bps[1] = b;
        try harness.validate(split) {
            revert("a split not summing to 10 000 was accepted");
        } catch (bytes memory reason) {
            require(
                keccak256(reason)
                    == keccak256(abi.encodeWithSelector(RoyaltySplit.SplitTotal.selector, uint256(a) + b)),
                "wrong revert"
            );
        }
    }

    /// @dev Agent 0: support 1 and backing 1; the others share the largest possible totals.
    function _worstCase(uint256 n, uint256 rounds, uint256 maxVote) private pure returns (uint256 support, uint256 backing) {
        support = 1;
        backing = 1;
        uint256 supportRest = n * (n - 1) * rounds * maxVote - 1;
        uint256 backingRest = (n - 1) * maxVote - 1;
        for (uint256 i = 1; i < n; ++i) {
            uint256 s = supportRest / (n - i);
            uint256 b = backingRest / (n - i);
            support = Lanes.add(support, i, SUPPORT_LANE_BITS, s);
            backing = Lanes.add(backing, i, BACKING_LANE_BITS, b);
            supportRest -= s;
            backingRest -= b;
        }
    }

    function _max(uint256 x, uint256 y) private pure returns (uint256) {
        return x > y ? x : y;
    }

    function _sqrt(uint256 x) private pure returns (uint256 r) {
        r = x;
        uint256 y = (x + 1) / 2;
        while (y < r) {
            r = y;
            y = (x / y + y) / 2;
        }
    }
}
