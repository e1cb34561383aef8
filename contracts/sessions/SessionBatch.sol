// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ISessions} from "../interfaces/ISessions.sol";
import {SessionsStorage} from "./SessionsStorage.sol";

/**
 * @title SessionBatch
 * @notice {ISessions-multicall}: several calls in one transaction, each run on this contract by
 * delegatecall, so each is checked exactly as if it were sent alone and the caller stays
 * msg.sender. OpenZeppelin's Multicall does the same but does not fit beside the round code under
 * EIP-170's size limit; this one returns nothing (a batch of rounds and settlements reads its
 * results from the events).
 */
abstract contract SessionBatch is SessionsStorage {
    /// @inheritdoc ISessions
    function multicall(bytes[] calldata calls) external {
        for (uint256 i = 0; i < calls.length; ++i) {
            (bool ok, bytes memory reason) = address(this).delegatecall(calls[i]);
            if (!ok) {
                assembly ("memory-safe") {
                    revert(add(reason, 32), mload(reason))
                }
            }
        }
    }
}
