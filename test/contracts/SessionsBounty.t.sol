// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ISessionsErrors} from "../../contracts/interfaces/ISessionsErrors.sol";
import {ISessionsTypes} from "../../contracts/interfaces/ISessionsTypes.sol";
import {SessionsTestBase} from "./support/SessionsTestBase.sol";

/// @notice The largest bounty: refused above MAX_BOUNTY, settled and paid without overflow up to it.
contract SessionsBountyTest is SessionsTestBase {
    uint256 internal constant N = 3;

    function setUp() public {
        _deployWithSoloAgents(N);
    }

    /// @dev 2^245 units used to be accepted, and settle then overflowed.
    function test_createSession_refusesBountyAboveMax() public {
        uint256 max = sessions.MAX_BOUNTY();
        require(max == type(uint256).max >> 16, "MAX_BOUNTY is not 2^240 - 1");
        uint256[2] memory tooLarge = [max + 1, uint256(1) << 245];
        for (uint256 i = 0; i < 2; ++i) {
            vm.deal(address(this), tooLarge[i]);
            try this.open(tooLarge[i]) {
                revert("a bounty above MAX_BOUNTY was accepted");
            } catch (bytes memory reason) {
                bytes memory expected = abi.encodeWithSelector(ISessionsErrors.BountyTooLarge.selector, tooLarge[i], max);
                require(keccak256(reason) == keccak256(expected), "wrong revert");
            }
        }
    }

    /// @dev Any bounty up to MAX_BOUNTY settles, and its royalties distribute, whatever the votes.
    function testFuzz_settle_neverRevertsUpToMaxBounty(uint256 bounty, int8[6] calldata raw, bool twoRounds) public {
        bounty = 1 ether + bounty % (sessions.MAX_BOUNTY() - 1 ether + 1);
        vm.deal(address(this), bounty);
        uint256 id = this.open(bounty);
        uint32 rounds = twoRounds ? 2 : 1;
        for (uint32 round = 1; round <= rounds; ++round) {
            int8[][] memory votes = new int8[][](N);
            for (uint256 k = 0; k < N; ++k) {
                votes[k] = new int8[](N);
                // |v| ≤ 70 on two targets: Σ v² ≤ 9 800, within the 10 000 credits.
                votes[k][(k + 1) % N] = int8(int256(raw[2 * k]) % 71);
                votes[k][(k + 2) % N] = int8(int256(raw[2 * k + 1]) % 71);
            }
            (bool ok, bytes memory reason) = _recordRound(id, round, _packFull(id, round, votes));
            if (!ok) {
                assembly ("memory-safe") {
                    revert(add(reason, 32), mload(reason))
                }
            }
        }
        vm.prank(ORCHESTRATOR);
        sessions.settle(id);
        require(sessions.getSession(id).status == ISessionsTypes.Status.Settled, "not settled");
        for (uint256 k = 0; k < N; ++k) {
            sessions.claimRoyalty(id, k, _solo(_operator(k)));
        }
    }

    /// @dev External so a revert can be caught.
    function open(uint256 bounty) external returns (uint256) {
        require(msg.sender == address(this), "test only");
        return _open(N, bounty, 10_000, 3);
    }
}
