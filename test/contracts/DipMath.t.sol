// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {DipMath} from "../../contracts/libraries/DipMath.sol";
import {Lanes} from "../../contracts/libraries/Lanes.sol";
import {RoyaltySplit} from "../../contracts/libraries/RoyaltySplit.sol";
import {QUALITY_LANE_BITS} from "../../contracts/libraries/SessionState.sol";
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

    /// @dev Σ payouts never exceeds the net bounty, each payout is payoutOf, and when every agent
    /// holds the top level in every round all but < n wei of the net is paid.
    function testFuzz_payouts_sumToAtMostNet(uint128 net, uint256 quality, uint8 rawN, uint8 rawRounds, uint8 rawL)
        public
        pure
    {
        uint256 n = 2 + uint256(rawN) % 9;
        uint256 rounds = 1 + uint256(rawRounds) % 64;
        uint256 l = 1 + uint256(rawL) % 100;
        uint256 top = rounds * 2 * l;
        uint256 bounded;
        for (uint256 i = 0; i < n; ++i) {
            bounded = Lanes.add(bounded, i, QUALITY_LANE_BITS, Lanes.get(quality, i, QUALITY_LANE_BITS) % (top + 1));
        }
        quality = bounded;
        (uint256[] memory amounts, uint256 paid) = DipMath.payouts(net, quality, n, rounds, l);
        require(paid <= net, "payouts exceed the net bounty");
        for (uint256 i = 0; i < n; ++i) {
            require(amounts[i] == DipMath.payoutOf(net, quality, n, rounds, l, i), "payoutOf disagrees");
            require(amounts[i] <= net / n, "an agent earned more than net / n");
        }
        uint256 full;
        for (uint256 i = 0; i < n; ++i) {
            full = Lanes.add(full, i, QUALITY_LANE_BITS, top);
        }
        (, uint256 paidFull) = DipMath.payouts(net, full, n, rounds, l);
        require(net - paidFull < n, "top levels everywhere left more than rounding unpaid");
    }

    /// @dev Up to MAX_NET, no product overflows, whatever the lanes hold (to 2^16 − 1, beyond any
    /// reachable quality), and any reachable payout (≤ net / n) splits at any basis points.
    function testFuzz_payouts_neverOverflowUpToMaxNet(uint256 net, uint256 quality, uint8 rawN, uint16 bps) public pure {
        net = net % (DipMath.MAX_NET + 1);
        uint256 n = 2 + uint256(rawN) % 9;
        uint256 top = 64 * 2 * 100; // MAX_ROUNDS rounds at the highest level
        uint256 bounded;
        for (uint256 i = 0; i < n; ++i) {
            bounded = Lanes.add(bounded, i, QUALITY_LANE_BITS, Lanes.get(quality, i, QUALITY_LANE_BITS) % (top + 1));
        }
        (uint256[] memory amounts, uint256 paid) = DipMath.payouts(net, bounded, n, 64, 100);
        require(paid <= net, "payouts exceed the net bounty");
        for (uint256 i = 0; i < n; ++i) {
            RoyaltySplit.share(amounts[i], bps % (RoyaltySplit.TOTAL_BPS + 1), 0, false);
        }
        DipMath.payoutOf(DipMath.MAX_NET, type(uint160).max, 10, 1, 1, 0);
    }

    /// @dev At the required net, an agent with quality 1 after maxRounds rounds still earns
    /// ≥ ⌈10 000/minBps⌉, so its smallest recipient gets ≥ 1 wei.
    function testFuzz_requiredNet_noShareFloorsToZero(
        uint8 rawN,
        uint8 rawRounds,
        uint16 rawCredits,
        uint16 rawMinBps,
        uint64 extra
    ) public pure {
        uint256 n = 2 + uint256(rawN) % 9;
        uint256 rounds = 1 + uint256(rawRounds) % 64;
        uint256 l = DipMath.fairVote(1 + uint256(rawCredits) % 10_000, n);
        uint256 minBps = 1 + uint256(rawMinBps) % 10_000;
        uint256 net = DipMath.requiredNet(n, rounds, l, minBps) + extra;
        uint256 payout = DipMath.payoutOf(net, 1, n, rounds, l, 0);
        require(payout * minBps / 10_000 >= 1, "the smallest recipient's share floored to zero");
    }

    /// @dev L = max(1, ⌊√(credits / (n − 1))⌋): n − 1 votes of L fit the credits, of L + 1 do not.
    function testFuzz_fairVote_isTheEqualSpread(uint16 rawCredits, uint8 rawN) public pure {
        uint256 credits = 1 + uint256(rawCredits) % 10_000;
        uint256 n = 2 + uint256(rawN) % 9;
        uint256 l = DipMath.fairVote(credits, n);
        require(l >= 1 && l <= 100, "L out of [1, 100]");
        if (credits >= n - 1) require((n - 1) * l * l <= credits, "n - 1 votes of L exceed the credits");
        else require(l == 1, "L is 1 when credits < n - 1");
        require((n - 1) * (l + 1) * (l + 1) > credits, "n - 1 votes of L + 1 fit the credits");
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
}
