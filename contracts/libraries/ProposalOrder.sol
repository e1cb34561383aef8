// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @title ProposalOrder
 * @notice The order a round's proposals take in a packed ballot (hashes ascending, as uint256) and
 * the round-winner rule (top score, a tie going to the lower hash). The SDK's `sortedProposalOrder`
 * and `pickWinner` implement the same rules.
 */
library ProposalOrder {
    /**
     * @notice Agent indices sorted by their proposal hash, ascending: `order[k]` is the agent whose
     * proposal is k-th. Insertion sort, stable; callers bound the length (≤ MAX_AGENTS).
     */
    function sortedIndices(bytes32[] calldata hashes) internal pure returns (uint256[] memory order) {
        uint256 n = hashes.length;
        order = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) {
            uint256 key = uint256(hashes[i]);
            uint256 j = i;
            while (j > 0 && uint256(hashes[order[j - 1]]) > key) {
                order[j] = order[j - 1];
                --j;
            }
            order[j] = i;
        }
    }

    /**
     * @notice The index of the top score; a tie goes to the lower hash. `scores` and `hashes` are
     * in the same (agent) order and non-empty.
     */
    function winnerIndex(int256[] memory scores, bytes32[] calldata hashes) internal pure returns (uint256 best) {
        for (uint256 i = 1; i < scores.length; ++i) {
            if (scores[i] > scores[best] || (scores[i] == scores[best] && uint256(hashes[i]) < uint256(hashes[best]))) {
                best = i;
            }
        }
    }
}
