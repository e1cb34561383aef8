// The chain actions, viem's way: `action(client, parameters)` with named parameter and return types.
export * from "./register-agent.ts";
export * from "./create-session.ts";
export * from "./read-session.ts";
export * from "./read-round-terms.ts";
export * from "./record-round.ts";
export * from "./record-round-once.ts";
export * from "./read-recorded-round.ts";
export * from "./read-final-proposal-hash.ts";
export * from "./read-recorded-rounds.ts";
export * from "./settle-session.ts";
export * from "./settle-session-once.ts";
export * from "./record-and-settle.ts";
export * from "./distribute-royalties.ts";
export * from "./fail-session.ts";
