// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IAgentRegistry} from "./interfaces/IAgentRegistry.sol";
import {RoyaltySplit} from "./libraries/RoyaltySplit.sol";

/**
 * @title AgentRegistry
 * @notice Records Concord agents: operator, signing key, model id, metadata URI and royalty split
 * (validated once, stored as a hash). Sessions snapshot an agent's terms when they are created.
 * A signing key is bound only with its own EIP-712 consent ({AGENT_KEY_TYPEHASH}), so nobody can
 * register, or rotate an agent to, a key they do not hold.
 */
contract AgentRegistry is IAgentRegistry, EIP712 {
    /// @inheritdoc IAgentRegistry
    bytes32 public constant AGENT_KEY_TYPEHASH = keccak256("AgentKey(address operator,address signer,string modelId)");

    mapping(uint256 agentId => Agent) private _agents;
    mapping(address signer => uint256 agentId) private _agentIdOf;
    uint256 private _agentCount;

    constructor() EIP712("Concord AgentRegistry", "1") {}

    /// @inheritdoc IAgentRegistry
    function registerAgent(
        address signer,
        string calldata modelId,
        string calldata metadataURI,
        RoyaltySplit.Split calldata split,
        bytes calldata signature
    ) external returns (uint256 agentId) {
        if (bytes(modelId).length == 0) revert EmptyModelId();
        agentId = ++_agentCount;
        _claimSigner(signer, agentId, modelId, signature);
        Agent storage agent = _agents[agentId];
        agent.operator = msg.sender;
        agent.signer = signer;
        agent.modelId = modelId;
        agent.metadataURI = metadataURI;
        emit AgentRegistered(agentId, msg.sender, signer, modelId, metadataURI);
        _setSplit(agent, agentId, split);
    }

    /// @inheritdoc IAgentRegistry
    function updateAgent(
        uint256 agentId,
        address signer,
        string calldata modelId,
        string calldata metadataURI,
        bytes calldata signature
    ) external {
        Agent storage agent = _operated(agentId);
        if (bytes(modelId).length == 0) revert EmptyModelId();
        if (signer != agent.signer) {
            _claimSigner(signer, agentId, modelId, signature);
            agent.signer = signer;
        }
        agent.modelId = modelId;
        agent.metadataURI = metadataURI;
        emit AgentUpdated(agentId, signer, modelId, metadataURI);
    }

    /// @inheritdoc IAgentRegistry
    function setSplit(uint256 agentId, RoyaltySplit.Split calldata split) external {
        _setSplit(_operated(agentId), agentId, split);
    }

    /// @inheritdoc IAgentRegistry
    function retireAgent(uint256 agentId) external {
        _operated(agentId).retired = true;
        emit AgentRetiredByOperator(agentId, msg.sender);
    }

    /// @inheritdoc IAgentRegistry
    function getAgent(uint256 agentId) external view returns (Agent memory) {
        return _existing(agentId);
    }

    /// @inheritdoc IAgentRegistry
    function agentTerms(uint256 agentId) external view returns (AgentTerms memory) {
        Agent storage agent = _existing(agentId);
        return AgentTerms({
            operator: agent.operator,
            signer: agent.signer,
            retired: agent.retired,
            minBps: agent.minBps,
            splitHash: agent.splitHash
        });
    }

    /// @inheritdoc IAgentRegistry
    function agentIdOf(address signer) external view returns (uint256) {
        return _agentIdOf[signer];
    }

    /// @inheritdoc IAgentRegistry
    function agentCount() external view returns (uint256) {
        return _agentCount;
    }

    /// @inheritdoc IAgentRegistry
    function agentKeyDigest(address operator, address signer, string calldata modelId) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(AGENT_KEY_TYPEHASH, operator, signer, keccak256(bytes(modelId)))));
    }

    /// @inheritdoc IAgentRegistry
    function hashSplit(RoyaltySplit.Split calldata split) external pure returns (bytes32) {
        return RoyaltySplit.hash(split);
    }

    function _existing(uint256 agentId) private view returns (Agent storage) {
        if (agentId == 0 || agentId > _agentCount) revert UnknownAgent(agentId);
        return _agents[agentId];
    }

    /// @dev The agent, after checking the caller operates it and it is not retired.
    function _operated(uint256 agentId) private view returns (Agent storage agent) {
        agent = _existing(agentId);
        if (agent.operator != msg.sender) revert NotOperator(agentId, msg.sender);
        if (agent.retired) revert AgentRetired(agentId);
    }

    /// @dev Binds `signer` to `agentId` for good (a key once used is never reused), given the key's
    /// signature over (caller, signer, modelId). Since a key is bound once, a signature is used once.
    function _claimSigner(address signer, uint256 agentId, string calldata modelId, bytes calldata signature) private {
        if (signer == address(0)) revert ZeroSigner();
        uint256 existing = _agentIdOf[signer];
        if (existing != 0) revert SignerAlreadyRegistered(signer, existing);
        (address recovered,,) = ECDSA.tryRecover(agentKeyDigest(msg.sender, signer, modelId), signature);
        if (recovered != signer) revert InvalidSignerSignature(signer, recovered);
        _agentIdOf[signer] = agentId;
    }

    function _setSplit(Agent storage agent, uint256 agentId, RoyaltySplit.Split calldata split) private {
        (bytes32 splitHash, uint16 minBps) = RoyaltySplit.validate(split);
        agent.splitHash = splitHash;
        agent.minBps = minBps;
        emit SplitUpdated(agentId, splitHash, split.recipients, split.bps);
    }
}
