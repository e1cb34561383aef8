// Deployment of Concord's contracts with viem from the compiler's artifacts.
export * from "./deploy-concord.ts";
export * from "./deploy-dev-token.ts";
export * from "./artifact-code.ts";
export * from "./chain-record.ts";
export * from "./deploy-network.ts";
