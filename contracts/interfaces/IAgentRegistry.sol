// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {RoyaltySplit} from "../libraries/RoyaltySplit.sol";

/**
 * @title IAgentRegistry
 * @notice The agents Concord sessions can enlist. Each has an operator (who registered it and
 * alone may change it), a signing key (which signs its ballots), a model id, a metadata URI and a
 * royalty split (who is paid its earnings). Sessions snapshot what they need at creation, so a
 * later change here never redirects a running session's checks or money.
 */
interface IAgentRegistry {
    /// @notice A registered agent.
    struct Agent {
        /// @dev The account that registered the agent; it alone may update or retire it.
        address operator;
        /// @dev The secp256k1 key that signs the agent's EIP-712 ballots.
        address signer;
        /// @dev Retired agents cannot join new sessions (running ones are unaffected).
        bool retired;
        /// @dev The smallest share in the split, in basis points (bounds the smallest payout).
        uint16 minBps;
        /// @dev keccak256(abi.encode(recipients, bps)) of the agent's royalty split.
        bytes32 splitHash;
        /// @dev A free-form model identifier (for example "openai/gpt-4o" or "simulated/echo").
        string modelId;
        /// @dev Where the agent's description lives (may be empty).
        string metadataURI;
    }

    /// @notice What a session snapshots of an agent at creation.
    struct AgentTerms {
        address operator;
        address signer;
        bool retired;
        uint16 minBps;
        bytes32 splitHash;
    }

    /// @notice The signer is the zero address.
    error ZeroSigner();
    /// @notice The model id is empty.
    error EmptyModelId();
    /// @notice `signer` is already (or was once) the key of agent `agentId`; keys are never reused.
    error SignerAlreadyRegistered(address signer, uint256 agentId);
    /// @notice No agent has id `agentId`.
    error UnknownAgent(uint256 agentId);
    /// @notice `caller` is not the operator of agent `agentId`.
    error NotOperator(uint256 agentId, address caller);
    /// @notice Agent `agentId` is retired.
    error AgentRetired(uint256 agentId);
    /// @notice The key-possession signature recovers to `recovered` (zero if malformed), not `signer`.
    error InvalidSignerSignature(address signer, address recovered);

    /// @notice Agent `agentId` was registered by `operator` with signing key `signer`.
    event AgentRegistered(
        uint256 indexed agentId, address indexed operator, address indexed signer, string modelId, string metadataURI
    );
    /// @notice Agent `agentId`'s signer, model id or metadata URI changed to these values.
    event AgentUpdated(uint256 indexed agentId, address indexed signer, string modelId, string metadataURI);
    /// @notice Agent `agentId`'s royalty split is now `splitHash` = hash(recipients, bps).
    event SplitUpdated(uint256 indexed agentId, bytes32 indexed splitHash, address[] recipients, uint16[] bps);
    /// @notice Agent `agentId` was retired by its operator.
    event AgentRetiredByOperator(uint256 indexed agentId, address indexed operator);

    /// @notice keccak256("AgentKey(address operator,address signer,string modelId)"): what a signing key
    /// signs (EIP-712, domain "Concord AgentRegistry" version 1 on this registry) to be bound to an
    /// agent of `operator`, so that nobody binds a key they do not hold.
    function AGENT_KEY_TYPEHASH() external view returns (bytes32);

    /**
     * @notice Registers an agent operated by the caller, with its royalty split.
     * @dev Ids start at 1. A signer key belongs to one agent forever, so a signature names one agent,
     * and the key's consent below can bind it only once.
     * @param signer The agent's signing key.
     * @param modelId The agent's model identifier (non-empty).
     * @param metadataURI Where the agent's description lives (may be empty).
     * @param split Recipients (ascending) and basis points (summing to 10 000), at most 8.
     * @param signature `signer`'s EIP-712 signature of AgentKey(caller, signer, modelId)
     * ({agentKeyDigest}); otherwise {InvalidSignerSignature}.
     * @return agentId The new agent's id.
     */
    function registerAgent(
        address signer,
        string calldata modelId,
        string calldata metadataURI,
        RoyaltySplit.Split calldata split,
        bytes calldata signature
    ) external returns (uint256 agentId);

    /**
     * @notice Changes agent `agentId`'s signer, model id and metadata URI (operator only, not retired).
     * @dev Passing the current signer keeps it (and `signature` is ignored); a new signer must never
     * have been registered and must sign AgentKey(caller, signer, modelId) ({agentKeyDigest}).
     */
    function updateAgent(
        uint256 agentId,
        address signer,
        string calldata modelId,
        string calldata metadataURI,
        bytes calldata signature
    ) external;

    /// @notice Replaces agent `agentId`'s royalty split (operator only, not retired); validated here once.
    function setSplit(uint256 agentId, RoyaltySplit.Split calldata split) external;

    /// @notice Retires agent `agentId` for good (operator only): it can join no new session.
    function retireAgent(uint256 agentId) external;

    /// @notice The agent with id `agentId`; reverts with {UnknownAgent} if there is none.
    function getAgent(uint256 agentId) external view returns (Agent memory);

    /// @notice What a session snapshots of agent `agentId`; reverts with {UnknownAgent} if there is none.
    function agentTerms(uint256 agentId) external view returns (AgentTerms memory);

    /// @notice The id of the agent whose signing key is or was `signer`, or 0 if there is none.
    function agentIdOf(address signer) external view returns (uint256);

    /// @notice The number of registered agents (also the highest id).
    function agentCount() external view returns (uint256);

    /// @notice The EIP-712 digest `signer` signs to be bound to an agent of `operator` with model `modelId`.
    function agentKeyDigest(address operator, address signer, string calldata modelId) external view returns (bytes32);

    /// @notice The hash a split is stored as: keccak256(abi.encode(recipients, bps)).
    function hashSplit(RoyaltySplit.Split calldata split) external pure returns (bytes32);
}
