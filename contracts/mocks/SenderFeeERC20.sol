// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice A test token anyone can mint that charges the *sender* `feeBps` of every transfer on top
/// of it: the recipient gets the full value, so a balance-delta check on deposits cannot see the fee;
/// only the sender's own balance drops by more than it sent.
contract SenderFeeERC20 is ERC20 {
    uint256 public immutable feeBps;

    constructor(uint256 feeBps_) ERC20("Sender fee", "SFEE") {
        feeBps = feeBps_;
    }

    /// @notice Mints `amount` to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (from != address(0) && to != address(0)) super._update(from, address(0), value * feeBps / 10_000);
    }
}
