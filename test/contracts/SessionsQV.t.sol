// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ISessionsErrors} from "../../contracts/interfaces/ISessionsErrors.sol";
import {SessionsTestBase} from "./support/SessionsTestBase.sol";

/// @notice Fuzzes the quadratic vote budget and the self-vote rule through real signed rounds.
contract SessionsQVTest is SessionsTestBase {
    uint256 internal constant N = 3;

    function setUp() public {
        _deployWithSoloAgents(N);
        vm.deal(address(this), 1_000 ether);
    }

    function _honest() internal pure returns (int8[][] memory votes) {
        votes = new int8[][](N);
        for (uint256 k = 0; k < N; ++k) {
            votes[k] = new int8[](N);
            votes[k][(k + 1) % N] = 10;
        }
    }

    /// @dev Agent 0 spends a² + b² on agents 1 and 2: accepted iff within the session's credits.
    function testFuzz_recordRound_acceptsIffWithinBudget(int8 a, int8 b, uint16 rawCredits) public {
        uint32 credits = uint32(1 + uint256(rawCredits) % 10_000);
        uint256 sessionId = _open(N, 1 ether, credits, 3);
        int8[][] memory votes = _honest();
        votes[0][1] = a;
        votes[0][2] = b;
        for (uint256 k = 1; k < N; ++k) {
            votes[k][(k + 1) % N] = 1; // the others stay within any budget ≥ 1
        }
        uint256 spent = _spent(votes[0]);
        bytes memory packed = _packFull(sessionId, 1, votes);
        (bool ok, bytes memory reason) = _recordRound(sessionId, 1, packed);
        if (ok) {
            require(spent <= credits, "an over-budget ballot was recorded");
        } else {
            require(spent > credits, "a ballot within budget was refused");
            require(
                keccak256(reason)
                    == keccak256(abi.encodeWithSelector(ISessionsErrors.VoteBudgetExceeded.selector, 0, spent, credits)),
                "wrong revert"
            );
        }
    }

    /// @dev Any non-zero vote for one's own proposal is refused, whatever else the ballot holds.
    function testFuzz_recordRound_rejectsSelfVote(int8 own, int8 other) public {
        vm.assume(own != 0);
        uint256 sessionId = _open(N, 1 ether, 10_000, 3);
        int8[][] memory votes = _honest();
        votes[1][1] = own;
        votes[1][2] = other;
        bytes memory packed = _packFull(sessionId, 1, votes);
        (bool ok, bytes memory reason) = _recordRound(sessionId, 1, packed);
        if (ok) {
            revert("a self-vote was recorded");
        } else {
            require(
                keccak256(reason) == keccak256(abi.encodeWithSelector(ISessionsErrors.SelfVote.selector, 1, own)),
                "wrong revert"
            );
        }
    }
}
