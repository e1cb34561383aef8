// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @title IAgentRegistry
 * @notice The agents Concord sessions can enlist: each one has an operator (who registered it
 * and is paid for its work), a signing key (which signs its ballots) and a model id.
 */
interface IAgentRegistry {
    /// @notice A registered agent.
    struct Agent {
        /// @dev The account that registered the agent; it receives the agent's payouts.
        address operator;
        /// @dev The secp256k1 key that signs the agent's EIP-712 ballots.
        address signer;
        /// @dev A free-form model identifier (for example "openai/gpt-4o" or "simulated/echo").
        string modelId;
    }

    /// @notice The signer is the zero address.
    error ZeroSigner();

    /// @notice The model id is empty.
    error EmptyModelId();

    /// @notice `signer` is already registered as agent `agentId`.
    error SignerAlreadyRegistered(address signer, uint256 agentId);

    /// @notice No agent has id `agentId`.
    error UnknownAgent(uint256 agentId);

    /// @notice Agent `agentId` was registered by `operator` with signing key `signer`.
    event AgentRegistered(uint256 indexed agentId, address indexed operator, address indexed signer, string modelId);

    /**
     * @notice Registers an agent operated by the caller.
     * @dev Ids start at 1. A signer can be registered once, so a signature always names one agent.
     * @param signer The agent's signing key.
     * @param modelId The agent's model identifier (non-empty).
     * @return agentId The new agent's id.
     */
    function registerAgent(address signer, string calldata modelId) external returns (uint256 agentId);

    /**
     * @notice The agent with id `agentId`.
     * @dev Reverts with {UnknownAgent} if there is none.
     */
    function getAgent(uint256 agentId) external view returns (Agent memory);

    /// @notice The id of the agent whose signing key is `signer`, or 0 if there is none.
    function agentIdOf(address signer) external view returns (uint256);

    /// @notice The number of registered agents (also the highest id).
    function agentCount() external view returns (uint256);
}
