// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @title ISessionsTypes
 * @notice The types Concord sessions are made of.
 */
interface ISessionsTypes {
    /// @notice Lifecycle of a session. `None` marks an id that was never created.
    enum Status {
        None,
        Open,
        Settled,
        Refunded
    }

    /// @notice What a submitter fixes when it opens a session.
    struct SessionParams {
        /// @dev The bounty's token; address(0) for ETH (then msg.value must equal `bounty`).
        address token;
        uint256 bounty;
        /// @dev Hash of the task description; the text lives at `taskURI`.
        bytes32 taskHash;
        string taskURI;
        /// @dev The agents, in the order every per-agent value of the session uses (2..MAX_AGENTS).
        uint256[] agentIds;
        /// @dev Relays rounds, alone may close a round with absent agents or settle before maxRounds.
        address orchestrator;
        /// @dev Settlement needs at least `minRounds` rounds; at most `maxRounds` are recorded.
        uint32 minRounds;
        uint32 maxRounds;
        /// @dev Σ v² allowed per evaluator per round (1..MAX_VOTE_CREDITS).
        uint32 voteCredits;
        /// @dev Unix time after which no round is recorded, no settlement happens, and refund opens.
        uint64 deadline;
        /// @dev Seconds (≤ MAX_ABSENCE_GRACE) during which a round the orchestrator recorded with
        /// absent agents may be replaced by anyone with a version every agent attested; no next
        /// round or settlement before. 0: absence cannot be disputed on chain.
        uint32 absenceGrace;
        /// @dev The task family whose histories give the agents' weights and record this session
        /// (e.g. keccak256 of its name; docs/economics.md, "Weights"); 0: no family, the one
        /// history {ISessions-history} reads.
        bytes32 taskFamily;
    }

    /// @notice A session as the dApp and clients read it.
    struct SessionView {
        address submitter;
        address orchestrator;
        address token;
        bytes32 taskHash;
        uint256 bounty;
        uint64 deadline;
        uint32 minRounds;
        uint32 maxRounds;
        uint32 roundsRecorded;
        uint32 voteCredits;
        Status status;
        /// @dev The last recorded round's winner (0 before any round): the session's final answer.
        /// Its proposal hash is in that round's RoundRecorded event.
        uint256 winnerAgentId;
    }
}
