// What bench:overhead measures, as its page (docs/benchmarks/overhead.md) defines each quantity,
// kept apart from the measuring.

export function whatIsMeasured(cpuSessions: number, cpuShape: { readonly agents: number; readonly rounds: number }): string[] {
  return [
    "- **round**: from the round start to its tally: the round-started and propose phase-closed events (queued to",
    "  JetStream), fan-out of N propose tasks, N signed answers (header signature checked against the known signer, proposal",
    "  hash checked), masking, fan-out of N evaluate tasks, N signed ballots (header and EIP-712 ballot checked against the",
    "  known signer, ballot re-derived), the tally. The agents' work (signing 3 times each, JetStream publishes of their",
    "  answers awaited until acked) is in their own processes.",
    "- **JetStream floor**: the orchestrator's connection publishes N messages of the propose task's size over core NATS, one",
    "  to each agent process, which publishes a message of the propose result's size to a JetStream stream (file storage, a",
    "  message id each) and awaits the ack; the orchestrator receives them on a core subscription, as it receives results;",
    "  then the same with the evaluate sizes. What the protocol's messaging must do, with no checks.",
    "- **checked floor**: the JetStream floor with the protocol's signatures and nothing else of it: each agent signs every",
    "  answer's bytes (EIP-191 header, libsecp256k1) and an EIP-712 ballot in its evaluate answer, 3 signatures a round as a",
    "  protocol agent makes, and the orchestrator's connection checks each against the agent's known address as the",
    "  orchestrator does (the same functions). What any round signed and checked as the protocol requires must do.",
    "- **core NATS floor**: the same two fan-out/fan-in round trips answered with core replies: no stream, no acks.",
    "- **chain record**: from the round's tally to its record landed (the outbox's wait behind the previous record, the",
    "  round's queued events acked, `recordRound` send + receipt), while the next round runs; not in the ratio.",
    "- **cpu per round**: CPU (user + system) of this process and of the panel's agents, nats-server and the hardhat node",
    "  from each timed round's start to its tally, and over each JetStream and checked floor round, summed and divided by the rounds.",
    "  /proc counts the child processes in 10 ms ticks, far longer than a round: only the sum over many rounds means something.",
    `- **cpu per session**: ${cpuSessions} sessions of ${cpuShape.rounds} rounds with the ${cpuShape.agents} agents, back to back, created on chain beforehand;`,
    "  CPU (user + system) of this process (process.cpuUsage: the orchestrator's work and the bench's) and of every child",
    "  process (/proc/<pid>/stat: the agents, nats-server, the hardhat node), from the first run through the last",
    "  settlement and its royalty distribution, divided by the sessions.",
  ];
}
