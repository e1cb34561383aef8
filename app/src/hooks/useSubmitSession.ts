// The submit flow after validation: for an ERC-20 bounty, an approve transaction when the
// allowance is short (its own status); then createSession; then the submitter signs the job
// request (EIP-712, no transaction) and POST /api/jobs queues the deliberation; then the session's
// page. Each transaction goes through useTx.
import { useState } from "react";
import { erc20Abi, type Address } from "viem";
import { useBalance, useClient, useConfig, useReadContract } from "wagmi";
import { signTypedData } from "wagmi/actions";
import { getBlock } from "viem/actions";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { jobRequestTypedData, parseSessionCreatedLogs, taskDataUri, taskFamilyId } from "@concord/agent-sdk/protocol";
import { safeLocalStorage } from "../lib/dev-session.ts";
import { postJob, type PostJobResult } from "../lib/postJob.ts";
import { sessionHref } from "../lib/routes.ts";
import type { SubmitParams } from "../lib/submitForm.ts";
import { rememberTaskFamilyName } from "../lib/task-family-names.ts";
import type { Currency } from "../lib/tokens.ts";
import { useDeployment } from "./useDeployment.ts";
import { useRefetchOnBlock } from "./useRefetchOnBlock.ts";
import { navigate } from "./useRoute.ts";
import { useTx } from "./useTx.ts";

export type JobState =
  | { readonly kind: "idle" }
  | { readonly kind: "queueing"; readonly sessionId: bigint }
  | { readonly kind: "refused"; readonly sessionId: bigint; readonly result: Extract<PostJobResult, { ok: false }> };

/** `onQueued`: the session is created and its job queued; the form starts afresh. */
export function useSubmitSession(account: Address, currency: Currency, onQueued?: () => void) {
  const deployment = useDeployment();
  const sessions = deployment.contracts.Sessions;
  const client = useClient();
  const config = useConfig();
  const approveTx = useTx();
  const createTx = useTx();
  const [job, setJob] = useState<JobState>({ kind: "idle" });
  const eth = useBalance({ address: account, query: { enabled: currency.native } });
  const tokenBalance = useReadContract({ address: currency.address, abi: erc20Abi, functionName: "balanceOf", args: [account], query: { enabled: !currency.native } });
  const allowance = useReadContract({ address: currency.address, abi: erc20Abi, functionName: "allowance", args: [account, sessions], query: { enabled: !currency.native } });
  useRefetchOnBlock(() => { void eth.refetch(); void tokenBalance.refetch(); void allowance.refetch(); });

  const queue = async (sessionId: bigint, params: SubmitParams) => {
    setJob({ kind: "queueing", sessionId });
    let signature;
    try {
      // The effort is the submitter's to set: the server queues only what the submitter signed.
      signature = await signTypedData(config, jobRequestTypedData({
        chainId: deployment.chainId, sessions, sessionId, task: params.task, effort: params.effort,
      }));
    } catch (cause) {
      const message = (cause as { shortMessage?: string }).shortMessage ?? (cause instanceof Error ? cause.message : String(cause));
      setJob({ kind: "refused", sessionId, result: { ok: false, code: "NOT_SIGNED", message: `the job request was not signed (${message})` } });
      return;
    }
    const result = await postJob(fetch, { sessionId: sessionId.toString(), task: params.task, effort: params.effort, signature });
    // Already queued (a retry after a lost answer): the session page follows that job.
    if (result.ok || result.code === "JOB_ALREADY_QUEUED") {
      // Done with this session: nothing of it may keep the form busy if the person comes back.
      setJob({ kind: "idle" });
      approveTx.reset();
      createTx.reset();
      onQueued?.();
      navigate(sessionHref(sessionId));
    } else setJob({ kind: "refused", sessionId, result });
  };

  return {
    balance: currency.native ? eth.data?.value : tokenBalance.data,
    /** True when an ERC-20 bounty needs an approve first (false for ETH). */
    needsApproval: (bounty: bigint) => !currency.native && (allowance.data === undefined || allowance.data < bounty),
    approveTx,
    createTx,
    job,
    approve: async (bounty: bigint) => {
      const receipt = await approveTx.run({ address: currency.address, abi: erc20Abi, functionName: "approve", args: [sessions, bounty] });
      if (receipt) await allowance.refetch();
    },
    create: async (params: SubmitParams) => {
      setJob({ kind: "idle" });
      // The chain's clock sets the deadline (a devnet's time can run ahead of the browser's).
      const now = (await getBlock(client!)).timestamp;
      const receipt = await createTx.run({
        address: sessions, abi: sessionsAbi, functionName: "createSession",
        args: [{
          token: params.currency.address, bounty: params.bounty, taskHash: params.taskHash, taskURI: taskDataUri(params.task),
          agentIds: [...params.agentIds], orchestrator: params.orchestrator, minRounds: params.minRounds,
          maxRounds: params.maxRounds, voteCredits: params.voteCredits, deadline: now + BigInt(params.deadlineSeconds),
          absenceGrace: params.absenceGrace, taskFamily: taskFamilyId(params.taskFamily),
        }],
        value: params.currency.native ? params.bounty : 0n,
      });
      if (!receipt) return;
      const [created] = parseSessionCreatedLogs({ logs: receipt.logs });
      if (!created) return;
      // The chain keeps only the family's hash: this browser remembers the name to show it by.
      if (params.taskFamily !== undefined) rememberTaskFamilyName(params.taskFamily, safeLocalStorage());
      await queue(created.sessionId, params);
    },
    retryQueue: (sessionId: bigint, params: SubmitParams) => void queue(sessionId, params),
  };
}
