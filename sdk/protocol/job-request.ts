// The submitter's signed request to run a session's job (POST /api/jobs): EIP-712 typed data,
// declared once and built by one function that the dApp, the command line and the dApp server all
// call. The domain binds the deployment (chain id and Sessions address); the message binds the
// session, the task (by its hash) and the effort, so a signature cannot be replayed for another
// session, task, effort or deployment. No nonce: a session has one job (its NATS message id is
// the session id), so replaying the same request changes nothing.
import type { Address, Hex } from "viem";
import { taskHash } from "./task-uri.ts";

export const JOB_REQUEST_EIP712_NAME = "Concord Jobs";
export const JOB_REQUEST_EIP712_VERSION = "1";

/**
 * `effort` is the number as JavaScript prints it (`String(0.5)` is "0.5"): EIP-712 has no
 * fractions, and a JSON number parses back to the same double, so both sides print the same text,
 * and a wallet shows the submitter the effort as they typed it.
 */
export const jobRequestTypes = {
  JobRequest: [
    { name: "sessionId", type: "uint256" },
    { name: "taskHash", type: "bytes32" },
    { name: "effort", type: "string" },
  ],
} as const;

export const JOB_REQUEST_TYPE_STRING = "JobRequest(uint256 sessionId,bytes32 taskHash,string effort)";

export type JobRequestParameters = {
  readonly chainId: number;
  /** The deployment's Sessions contract (the session's home). */
  readonly sessions: Address;
  readonly sessionId: bigint;
  /** The task text; its keccak256 is what is signed (the session's on-chain taskHash). */
  readonly task: string;
  /** The effort the job runs with, in (0, 1]. */
  readonly effort: number;
};

export type JobRequestTypedData = {
  readonly domain: { readonly name: string; readonly version: string; readonly chainId: number; readonly verifyingContract: Address };
  readonly types: typeof jobRequestTypes;
  readonly primaryType: "JobRequest";
  readonly message: { readonly sessionId: bigint; readonly taskHash: Hex; readonly effort: string };
};

/** The typed data a submitter signs (viem `signTypedData`) and the server verifies (`verifyTypedData`). */
export function jobRequestTypedData(parameters: JobRequestParameters): JobRequestTypedData {
  return {
    domain: {
      name: JOB_REQUEST_EIP712_NAME,
      version: JOB_REQUEST_EIP712_VERSION,
      chainId: parameters.chainId,
      verifyingContract: parameters.sessions,
    },
    types: jobRequestTypes,
    primaryType: "JobRequest",
    message: {
      sessionId: parameters.sessionId,
      taskHash: taskHash(parameters.task),
      effort: String(parameters.effort),
    },
  };
}
