// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAgentRegistry} from "./interfaces/IAgentRegistry.sol";

/**
 * @title AgentRegistry
 * @notice Records Concord agents: operator, signing key and model id. Entries are immutable;
 * sessions snapshot what they need at creation.
 */
contract AgentRegistry is IAgentRegistry {
    mapping(uint256 agentId => Agent) private _agents;
    mapping(address signer => uint256 agentId) private _agentIdOf;
    uint256 private _agentCount;

    /// @inheritdoc IAgentRegistry
    function registerAgent(address signer, string calldata modelId) external returns (uint256 agentId) {
        if (signer == address(0)) revert ZeroSigner();
        if (bytes(modelId).length == 0) revert EmptyModelId();
        uint256 existing = _agentIdOf[signer];
        if (existing != 0) revert SignerAlreadyRegistered(signer, existing);

        agentId = ++_agentCount;
        _agents[agentId] = Agent({operator: msg.sender, signer: signer, modelId: modelId});
        _agentIdOf[signer] = agentId;
        emit AgentRegistered(agentId, msg.sender, signer, modelId);
    }

    /// @inheritdoc IAgentRegistry
    function getAgent(uint256 agentId) external view returns (Agent memory) {
        if (agentId == 0 || agentId > _agentCount) revert UnknownAgent(agentId);
        return _agents[agentId];
    }

    /// @inheritdoc IAgentRegistry
    function agentIdOf(address signer) external view returns (uint256) {
        return _agentIdOf[signer];
    }

    /// @inheritdoc IAgentRegistry
    function agentCount() external view returns (uint256) {
        return _agentCount;
    }
}
