// The protocol module: what agents, the orchestrator and the dApp share.
export * from "./errors.ts";
export * from "./subjects.ts";
export * from "./schemas.ts";
export * from "./qv.ts";
export * from "./ballot.ts";
export * from "./eip712.ts";
export * from "./attestation.ts";
export * from "./proposal.ts";
export * from "./deployment.ts";
export * from "./enums.ts";
export * from "./halting.ts";
export * from "./message-signature.ts";
export * from "./budget.ts";
export * from "./round-packing.ts";
export * from "./dapp-config.ts";
export * from "./session-log-snapshot.ts";
export * from "./transcript.ts";
