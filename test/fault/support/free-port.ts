// The fault suite's servers come back on the same port after a restart: the devnet's free port.
export { freePort } from "@concord/orchestrator/devnet/free-port.ts";
