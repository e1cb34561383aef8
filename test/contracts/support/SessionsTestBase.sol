// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AgentRegistry} from "../../../contracts/AgentRegistry.sol";
import {Sessions} from "../../../contracts/Sessions.sol";
import {ISessions} from "../../../contracts/interfaces/ISessions.sol";
import {ISessionsTypes} from "../../../contracts/interfaces/ISessionsTypes.sol";
import {RoyaltySplit} from "../../../contracts/libraries/RoyaltySplit.sol";

/// @notice The cheatcodes these tests use (forge-std is not available offline).
interface Vm {
    function addr(uint256 privateKey) external pure returns (address);
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
    function prank(address sender) external;
    function deal(address account, uint256 newBalance) external;
    function warp(uint256 newTimestamp) external;
    function assume(bool condition) external pure;
}

/// @notice Deploys the contracts, registers agents with known keys, and builds signed packed rounds.
abstract contract SessionsTestBase {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    address internal constant TREASURY = address(0xFEE);
    /// @dev Orchestrates every session; never the submitter (this contract).
    address internal constant ORCHESTRATOR = address(0x0C);
    uint256 internal constant FEE_BPS = 100;

    AgentRegistry internal registry;
    Sessions internal sessions;

    function _deploy() internal {
        registry = new AgentRegistry();
        sessions = new Sessions(registry, TREASURY, FEE_BPS);
    }

    /// @dev Deploys, then registers agents 0..n − 1, each paying all of its royalty to its operator.
    function _deployWithSoloAgents(uint256 n) internal {
        _deploy();
        for (uint256 i = 0; i < n; ++i) {
            _register(i, _solo(_operator(i)));
        }
    }

    /// @dev Agent i (from 0) has key i + 1 and operator 0x1000 + i.
    function _agentKey(uint256 i) internal pure returns (uint256) {
        return i + 1;
    }

    function _operator(uint256 i) internal pure returns (address) {
        return address(uint160(0x1000 + i));
    }

    function _solo(address recipient) internal pure returns (RoyaltySplit.Split memory split) {
        split.recipients = new address[](1);
        split.recipients[0] = recipient;
        split.bps = new uint16[](1);
        split.bps[0] = 10_000;
    }

    function _register(uint256 i, RoyaltySplit.Split memory split) internal returns (uint256 agentId) {
        address signer = vm.addr(_agentKey(i));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_agentKey(i), registry.agentKeyDigest(_operator(i), signer, "fuzz"));
        vm.prank(_operator(i));
        agentId = registry.registerAgent(signer, "fuzz", "", split, abi.encodePacked(r, s, v));
    }

    /// @dev Opens an ETH session over agents 1..n, this contract submitting, ORCHESTRATOR orchestrating.
    function _open(uint256 n, uint256 bounty, uint32 credits, uint32 maxRounds) internal returns (uint256) {
        return _open(n, bounty, credits, maxRounds, 0);
    }

    /// @dev As {_open}, with `grace` seconds of absence grace.
    function _open(uint256 n, uint256 bounty, uint32 credits, uint32 maxRounds, uint32 grace)
        internal
        returns (uint256)
    {
        uint256[] memory ids = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) {
            ids[i] = i + 1;
        }
        ISessionsTypes.SessionParams memory p = ISessionsTypes.SessionParams({
            token: address(0),
            bounty: bounty,
            taskHash: keccak256("task"),
            taskURI: "",
            agentIds: ids,
            orchestrator: ORCHESTRATOR,
            minRounds: 1,
            maxRounds: maxRounds,
            voteCredits: credits,
            deadline: uint64(block.timestamp + 1 days),
            absenceGrace: grace,
            taskFamily: bytes32(0)
        });
        return sessions.createSession{value: bounty}(p);
    }

    /// @dev Proposal hash of agent k in `round`: ascending in k, so entry order = agent order.
    function _hash(uint32 round, uint256 k) internal pure returns (bytes32) {
        return bytes32((uint256(round) << 128) | (k + 1));
    }

    /// @dev What every ballot of a full round of `p` agents signs: keccak256 of the hashes, ascending.
    function _proposalsHash(uint32 round, uint256 p) internal pure returns (bytes32) {
        bytes32[] memory hashes = new bytes32[](p);
        for (uint256 k = 0; k < p; ++k) {
            hashes[k] = _hash(round, k);
        }
        return keccak256(abi.encodePacked(hashes));
    }

    /// @dev A full round: votes[k][q] is agent k's vote for agent q's proposal, every agent signing.
    function _packFull(uint256 sessionId, uint32 round, int8[][] memory votes) internal view returns (bytes memory packed) {
        uint256 p = votes.length;
        bytes32 proposalsHash = _proposalsHash(round, p);
        packed = abi.encodePacked(uint8(p));
        for (uint256 k = 0; k < p; ++k) {
            bytes memory ballot = new bytes(p);
            for (uint256 q = 0; q < p; ++q) {
                ballot[q] = bytes1(uint8(votes[k][q]));
            }
            bytes32 digest = sessions.ballotDigest(sessionId, round, _hash(round, k), proposalsHash, bytes32(ballot));
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(_agentKey(k), digest);
            packed = abi.encodePacked(packed, uint8(k), _hash(round, k), r, s, v, ballot);
        }
        packed = abi.encodePacked(packed, bytes23(uint184(sessions.roundTerms(sessionId))));
    }

    /// @dev A round the agents whose bit is set in `present` attested (the others absent, their
    /// signers trailing); votes[k][q] is agent k's vote for agent q's proposal (agent order, n × n;
    /// votes for absent agents are not packed).
    function _packRound(uint256 sessionId, uint32 round, uint256 present, int8[][] memory votes)
        internal
        view
        returns (bytes memory packed)
    {
        uint256 n = votes.length;
        uint256[] memory entries = new uint256[](n);
        uint256 p = 0;
        for (uint256 k = 0; k < n; ++k) {
            if ((present >> k) & 1 == 1) entries[p++] = k;
        }
        bytes32[] memory hashes = new bytes32[](p);
        for (uint256 j = 0; j < p; ++j) {
            hashes[j] = _hash(round, entries[j]);
        }
        bytes32 proposalsHash = keccak256(abi.encodePacked(hashes));
        packed = abi.encodePacked(uint8(p));
        for (uint256 j = 0; j < p; ++j) {
            uint256 k = entries[j];
            bytes memory ballot = new bytes(p);
            for (uint256 q = 0; q < p; ++q) {
                ballot[q] = bytes1(uint8(votes[k][entries[q]]));
            }
            bytes32 digest = sessions.ballotDigest(sessionId, round, hashes[j], proposalsHash, bytes32(ballot));
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(_agentKey(k), digest);
            packed = abi.encodePacked(packed, uint8(k), hashes[j], r, s, v, ballot);
        }
        for (uint256 k = 0; k < n; ++k) {
            if ((present >> k) & 1 == 0) packed = abi.encodePacked(packed, vm.addr(_agentKey(k)));
        }
        packed = abi.encodePacked(packed, bytes23(uint184(sessions.roundTerms(sessionId))));
    }

    /// @dev Sessions.recordRound's calldata: the selector, then sessionId:uint64 ‖ round:uint8 ‖ the
    /// packed round. Returns the call's success and its revert data (the next call takes a prank).
    function _recordRound(uint256 sessionId, uint256 round, bytes memory packed)
        internal
        returns (bool ok, bytes memory reason)
    {
        (ok, reason) = address(sessions).call(
            abi.encodePacked(ISessions.recordRound.selector, uint64(sessionId), uint8(round), packed)
        );
    }

    function _spent(int8[] memory ballot) internal pure returns (uint256 spent) {
        for (uint256 q = 0; q < ballot.length; ++q) {
            spent += uint256(int256(ballot[q]) * ballot[q]);
        }
    }

    receive() external payable {}
}
