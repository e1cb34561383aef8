// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ISessions} from "../interfaces/ISessions.sol";
import {SessionsStorage} from "./SessionsStorage.sol";

/**
 * @title SessionBatch
 * @notice {ISessions-multicall}: several calls in one transaction, each run on this contract by
 * delegatecall, so each is checked exactly as if it were sent alone and the caller stays
 * msg.sender. The calls come packed after the selector (a 3-byte length, then the call), not as an
 * ABI bytes[]: the offsets, lengths and padding of a bytes[] cost a batched round about 1 000 gas of
 * calldata, and its decoder does not fit beside the round code under EIP-170's size limit. It
 * returns nothing (a batch of rounds and settlements reads its results from the events).
 */
abstract contract SessionBatch is SessionsStorage {
    /// @inheritdoc ISessions
    function multicall() external {
        bytes4 malformed = BatchDataLength.selector;
        assembly ("memory-safe") {
            // Every call is copied to the same free memory (never allocated: nothing outlives the
            // loop), so only the largest call's expansion is paid; reverts are built there too.
            let buffer := mload(0x40)
            let end := calldatasize()
            for { let at := 4 } lt(at, end) {} {
                let length := shr(232, calldataload(at))
                if gt(add(add(at, 3), length), end) {
                    mstore(buffer, malformed)
                    mstore(add(buffer, 4), at)
                    mstore(add(buffer, 36), length)
                    revert(buffer, 68)
                }
                at := add(at, 3)
                calldatacopy(buffer, at, length)
                if iszero(delegatecall(gas(), address(), buffer, length, 0, 0)) {
                    returndatacopy(buffer, 0, returndatasize())
                    revert(buffer, returndatasize())
                }
                at := add(at, length)
            }
        }
    }
}
