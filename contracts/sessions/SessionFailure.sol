// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ISessions} from "../interfaces/ISessions.sol";
import {RoundTerms} from "../libraries/RoundTerms.sol";
import {SessionState} from "../libraries/SessionState.sol";
import {SessionSettlement} from "./SessionSettlement.sol";

/**
 * @title SessionFailure
 * @notice A session that cannot run ends early: its orchestrator declares it failed, with the signed
 * declines of the agents that refused it. Declines that leave too few agents to attest a round are
 * evidence and refund the submitter at once; fewer only claim the failure, and the submitter's own
 * {ISessions-refund} is then its consent. Off the round and settlement paths.
 */
abstract contract SessionFailure is SessionSettlement {
    /// @dev keccak256("Decline(uint256 sessionId)"): what an agent signs to refuse a session.
    bytes32 private constant DECLINE_TYPEHASH = keccak256("Decline(uint256 sessionId)");
    /// @dev The longest reason, in bytes ({FailureReasonTooLong} carries it).
    uint256 private constant MAX_FAILURE_REASON_BYTES = 256;

    /// @dev One packed decline: agentIndex:uint8 ‖ r:bytes32 ‖ s:bytes32 ‖ v:uint8.
    uint256 private constant DECLINE_BYTES = 66;
    /// @dev secp256k1 n/2.
    uint256 private constant HALF_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// @inheritdoc ISessions
    /// @dev No reentrancy guard: the new state is written before the refund's transfer, and every
    /// path back in reads it (the session is no longer Open).
    function failSession(uint256 sessionId, string calldata reason, bytes calldata declines)
        external
    {
        (Live storage live, SessionState st, RoundTerms c) = _unpaid(sessionId);
        Terms storage t = _terms[sessionId];
        if (msg.sender != t.orchestrator) revert NotOrchestrator(sessionId, msg.sender);
        if (bytes(reason).length > MAX_FAILURE_REASON_BYTES) {
            revert FailureReasonTooLong(bytes(reason).length, MAX_FAILURE_REASON_BYTES);
        }
        uint256 declined = _declinedOf(sessionId, declines);
        // Each decline is a distinct agent's. A round needs ⌊n/2⌋ + 1 agents to attest it: more
        // than half ({MinorityRound}) and MIN_AGENTS = 2, which ⌊n/2⌋ + 1 is for every n ≥ 2. The
        // k decliners leave fewer than that exactly when 2k ≥ n.
        bool refunded = 2 * (declines.length / DECLINE_BYTES) >= c.agentCount();
        st = st.setFailureClaimed();
        emit SessionFailed(sessionId, reason, declined, refunded);
        if (refunded) {
            _refund(sessionId, live, st, t);
        } else {
            // A claim is the orchestrator's word alone. Its submitter may refund only once the
            // agents had time to record a round (relayed, if need be), which withdraws the claim:
            // otherwise a submitter who names its own orchestrator could claim, then refund ahead
            // of the agents' relayed round and take back a bounty they were earning.
            uint256 grace = c.absenceGrace();
            if (grace < MIN_CLAIM_GRACE) grace = MIN_CLAIM_GRACE;
            _claimRefundAfter[sessionId] = block.timestamp + grace;
            live.state = st;
        }
    }

    /// @inheritdoc ISessions
    function failureClaimed(uint256 sessionId) external view returns (bool) {
        return _existing(sessionId).state.failureClaimed();
    }

    /// @dev Bit i set for each agent i whose decline is signed by its session key; reverts on any
    /// decline that is not, and on a repeated agent (so the loop runs at most n times).
    function _declinedOf(uint256 sessionId, bytes calldata declines) private view returns (uint256 declined) {
        if (declines.length % DECLINE_BYTES != 0) revert DeclinesLength(declines.length);
        address[] storage signers = _signers[sessionId];
        bytes32 digest = _hashTypedDataV4(keccak256(abi.encode(DECLINE_TYPEHASH, sessionId)));
        for (uint256 at = 0; at < declines.length; at += DECLINE_BYTES) {
            (uint256 agent, address recovered, address expected) = _recover(digest, declines, at, signers);
            if ((declined >> agent) & 1 == 1) revert DuplicateDecline(agent);
            // No signature recovers address(0): a retired agent's key, or an index out of range.
            if (recovered != expected || recovered == address(0)) revert InvalidDecline(agent, recovered, expected);
            declined |= 1 << agent;
        }
    }

    /**
     * @dev The packed decline at `at` (whole: checked by the caller): its agent index, the address
     * its signature recovers (address(0) when high-s, v ∉ {27, 28} or nothing recovers), and that
     * agent's session key (address(0) for an index out of range).
     */
    function _recover(bytes32 digest, bytes calldata declines, uint256 at, address[] storage signers)
        private
        view
        returns (uint256 agent, address recovered, address expected)
    {
        assembly ("memory-safe") {
            let from := add(declines.offset, at)
            agent := byte(0, calldataload(from))
            if lt(agent, sload(signers.slot)) {
                mstore(0, signers.slot)
                expected := sload(add(keccak256(0, 32), agent))
            }
            let s := calldataload(add(from, 33))
            let m := mload(0x40)
            mstore(m, digest)
            mstore(add(m, 32), byte(0, calldataload(add(from, 65))))
            mstore(add(m, 64), calldataload(add(from, 1)))
            mstore(add(m, 96), s)
            // ecrecover returns no data when it fails: only returned data counts.
            mstore(0, 0)
            pop(staticcall(gas(), 1, m, 128, 0, 32))
            recovered := mul(mload(0), and(gt(returndatasize(), 0), iszero(gt(s, HALF_ORDER))))
        }
    }
}
