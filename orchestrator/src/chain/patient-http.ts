// JSON-RPC over HTTP that waits out an unreachable or stalled node: a request that fails in
// transport (connection refused, the node's HTTP failing, a timeout) is tried again with capped
// exponential backoff, for up to `outageMs`. viem's own retry (`http({ retryCount, retryDelay })`)
// counts tries and doubles without a cap, so its withRetry is driven here by time instead. What
// the node answered (a revert, a refused transaction) is never retried. Nor is
// eth_sendTransaction, which the node would sign and send again; a raw transaction is safe to
// send again: the same signed bytes carry the same nonce and hash (see send-in-order.ts).
import { HttpRequestError, TimeoutError, http, withRetry, type EIP1193RequestFn, type Transport } from "viem";
import { asFetch, type RpcFetch } from "./node-http-fetch.ts";
import { RPC_REQUEST_TIMEOUT_MS, RPC_RETRY_FIRST_MS, RPC_RETRY_MAX_MS } from "@concord/agent-sdk/protocol";

export interface PatientHttpOptions {
  /** How long one request may keep failing in transport before its error is thrown. */
  outageMs: number;
  /** One try's timeout (default RPC_REQUEST_TIMEOUT_MS): a stalled node counts as down after it. */
  requestTimeoutMs?: number;
  /** Told of each failed try that will be tried again. */
  onRetry?: (method: string, error: Error, waitMs: number) => void;
  /** How requests go out (default: the global fetch); see node-http-fetch.ts. */
  fetchFn?: RpcFetch;
}

const NOT_RESENT = new Set(["eth_sendTransaction"]);
/** HTTP statuses of a node or proxy that is down or overloaded, not of an answer. */
const OUTAGE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

export function isTransportError(error: unknown): boolean {
  if (error instanceof TimeoutError) return true;
  return error instanceof HttpRequestError && (error.status === undefined || OUTAGE_STATUSES.has(error.status));
}

export function patientHttp(url: string, options: PatientHttpOptions): Transport {
  const inner = http(url, { retryCount: 0, timeout: options.requestTimeoutMs ?? RPC_REQUEST_TIMEOUT_MS, fetchFn: options.fetchFn && asFetch(options.fetchFn) });
  return (config) => {
    const transport = inner(config);
    const request: EIP1193RequestFn = (args, requestOptions) => {
      const giveUpAt = Date.now() + options.outageMs;
      const backoff = (count: number) => Math.min(RPC_RETRY_MAX_MS, RPC_RETRY_FIRST_MS * 2 ** count);
      return withRetry(() => transport.request(args, requestOptions), {
        retryCount: Number.MAX_SAFE_INTEGER,
        delay: ({ count }) => backoff(count),
        shouldRetry: ({ count, error }) => {
          const retry = !NOT_RESENT.has(args.method) && isTransportError(error) && Date.now() + backoff(count) < giveUpAt;
          if (retry) options.onRetry?.(args.method, error, backoff(count));
          return retry;
        },
      });
    };
    return { ...transport, request };
  };
}
