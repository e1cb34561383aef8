// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ISessions} from "../../contracts/interfaces/ISessions.sol";
import {ISessionsErrors} from "../../contracts/interfaces/ISessionsErrors.sol";
import {SessionsTestBase} from "./support/SessionsTestBase.sol";

/// @notice Fuzzes Sessions.multicall's packed format: a batch whose lengths do not add up to its
/// size is refused, naming the first call that runs past the end, and records nothing.
contract SessionsBatchTest is SessionsTestBase {
    uint256 internal constant N = 3;

    function setUp() public {
        _deployWithSoloAgents(N);
        vm.deal(address(this), 1_000 ether);
    }

    /// @dev A complete round 1 of `sessionId` as recordRound's calldata.
    function _roundCall(uint256 sessionId) internal view returns (bytes memory) {
        int8[][] memory votes = new int8[][](N);
        for (uint256 k = 0; k < N; ++k) {
            votes[k] = new int8[](N);
            votes[k][(k + 1) % N] = 10;
        }
        return abi.encodePacked(ISessions.recordRound.selector, uint64(sessionId), uint8(1), _packFull(sessionId, 1, votes));
    }

    /// @dev A good call, then a second whose 3-byte length claims `claimed` bytes of which only
    /// `given` (< claimed) follow: refused with the second call's position and length; the first
    /// call's round is not kept.
    function testFuzz_multicall_refusesACallPastTheEnd(uint24 claimed, uint16 rawGiven) public {
        vm.assume(claimed > 0);
        uint256 given = uint256(rawGiven) % claimed;
        uint256 sessionId = _open(N, 1 ether, 10_000, 3);
        bytes memory good = _roundCall(sessionId);
        bytes memory batch = abi.encodePacked(ISessions.multicall.selector, uint24(good.length), good, uint24(claimed), new bytes(given));
        (bool ok, bytes memory reason) = address(sessions).call(batch);
        require(!ok, "a batch running past its end went through");
        uint256 at = 4 + 3 + good.length;
        require(
            keccak256(reason) == keccak256(abi.encodeWithSelector(ISessionsErrors.BatchDataLength.selector, at, uint256(claimed))),
            "wrong revert"
        );
        require(sessions.getSession(sessionId).roundsRecorded == 0, "the good call's round was kept");
    }

    /// @dev One or two trailing bytes cannot hold a length: the length is read zero-padded past the
    /// end, and even a zero one runs past it, so the batch is refused at those bytes.
    function testFuzz_multicall_refusesATruncatedLength(uint8 rawCount, uint24 tail) public {
        uint256 count = 1 + uint256(rawCount) % 2; // 1 or 2 bytes: too short for a length
        uint256 sessionId = _open(N, 1 ether, 10_000, 3);
        bytes memory good = _roundCall(sessionId);
        bytes memory partialLength = new bytes(count);
        for (uint256 i = 0; i < count; ++i) {
            partialLength[i] = bytes1(uint8(tail >> (8 * (2 - i))));
        }
        (bool ok, bytes memory reason) =
            address(sessions).call(abi.encodePacked(ISessions.multicall.selector, uint24(good.length), good, partialLength));
        require(!ok, "a batch ending inside a length went through");
        uint256 read = count == 1 ? uint256(tail >> 16) << 16 : uint256(tail >> 8) << 8;
        require(
            keccak256(reason) == keccak256(abi.encodeWithSelector(ISessionsErrors.BatchDataLength.selector, 4 + 3 + good.length, read)),
            "wrong revert"
        );
        require(sessions.getSession(sessionId).roundsRecorded == 0, "the good call's round was kept");
    }
}
