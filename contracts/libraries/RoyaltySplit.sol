// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @title RoyaltySplit
 * @notice A royalty split: recipients (strictly ascending addresses, so none repeats) and their
 * basis points, summing to 10 000. Validated once when an operator sets it; afterwards only its
 * hash is stored and compared (the 0xSplits v2 pattern).
 */
library RoyaltySplit {
    /// @notice Basis points in a whole split.
    uint256 internal constant TOTAL_BPS = 10_000;
    /// @notice The most recipients a split may have: bounds every loop over one.
    uint256 internal constant MAX_RECIPIENTS = 8;

    /// @notice The recipients of one agent's earnings and their basis points.
    struct Split {
        address[] recipients;
        uint16[] bps;
    }

    /// @notice A split has `count` recipients; it must have 1..`max`.
    error SplitRecipientCount(uint256 count, uint256 max);
    /// @notice `recipients` and `bps` differ in length.
    error SplitLengthMismatch(uint256 recipients, uint256 bps);
    /// @notice Recipient `index` is zero or not above the previous one (recipients ascend strictly).
    error SplitRecipientOrder(uint256 index, address recipient);
    /// @notice Recipient `index` has zero basis points.
    error SplitZeroShare(uint256 index);
    /// @notice The basis points sum to `total`, not 10 000.
    error SplitTotal(uint256 total);

    /**
     * @notice Checks `split` and returns its hash and its smallest share in basis points.
     * @dev Reverts with the errors above. Loops over at most MAX_RECIPIENTS entries.
     */
    function validate(Split calldata split) internal pure returns (bytes32 splitHash, uint16 minBps) {
        uint256 n = split.recipients.length;
        if (n == 0 || n > MAX_RECIPIENTS) revert SplitRecipientCount(n, MAX_RECIPIENTS);
        if (split.bps.length != n) revert SplitLengthMismatch(n, split.bps.length);
        uint256 total;
        address previous;
        minBps = type(uint16).max;
        for (uint256 i = 0; i < n; ++i) {
            address recipient = split.recipients[i];
            if (recipient <= previous) revert SplitRecipientOrder(i, recipient);
            uint16 part = split.bps[i];
            if (part == 0) revert SplitZeroShare(i);
            if (part < minBps) minBps = part;
            total += part;
            previous = recipient;
        }
        if (total != TOTAL_BPS) revert SplitTotal(total);
        splitHash = hash(split);
    }

    /// @notice The hash a split is stored and snapshotted as.
    function hash(Split calldata split) internal pure returns (bytes32) {
        return keccak256(abi.encode(split.recipients, split.bps));
    }

    /**
     * @notice Recipient `index`'s part of `amount`: amount·bps/10 000, the last recipient taking
     * the remainder so that the parts sum to `amount` exactly.
     */
    function share(uint256 amount, uint256 bps, uint256 distributed, bool last) internal pure returns (uint256) {
        return last ? amount - distributed : amount * bps / TOTAL_BPS;
    }
}
