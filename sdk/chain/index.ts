// Scripts against a Concord deployment: read its record, connect to its chain, and the typed
// actions a submitter, an orchestrator or an agent's operator takes there (viem clients in, plain
// values out, every revert a ConcordError that says what to do).
export * from "./clients.ts";
export * from "./deployment-record.ts";
export * from "./read-json-file.ts";
export * from "./connect-deployment.ts";
export * from "./create-session.ts";
export * from "./read-session.ts";
export * from "./settle.ts";
export * from "./distribute-royalty.ts";
export * from "./claim.ts";
export * from "./refund.ts";
export { isoTime } from "./revert-explanations.ts";
