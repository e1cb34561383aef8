// Screens a JSON-RPC request (single or batch) against the allow-list before /rpc forwards it:
// the allowed calls go to the node, each refused one is answered here and never forwarded. A batch
// is not refused whole: JSON-RPC 2.0 lets each entry carry its own error, so a batch mixing
// allowed and refused calls gets the node's answers for the first and errors for the second.
// A refused notification (no id) is answered too, with id null: silence would hide the refusal.
import { isRpcMethodAllowed } from "./rpc-allow-list.ts";

export type RpcId = string | number | null;
export type RpcErrorResponse = { jsonrpc: "2.0"; id: RpcId; error: { code: number; message: string } };

/** JSON-RPC's "method not found": what wallets and viem read as "this endpoint does not do that". */
export const methodNotAllowedCode = -32601;
export const invalidRequestCode = -32600;

export type Screened = {
  /** The allowed calls, in order (a single call stays a single call), or undefined when none is. */
  readonly forward: unknown;
  /** For each entry of the request: undefined where it is forwarded, its error where it is refused. */
  readonly refusals: readonly (RpcErrorResponse | undefined)[];
  readonly batch: boolean;
};

/** Entries in one batch: viem's own batches are at most this size by default config, a page's far fewer. */
export const MAX_RPC_BATCH = 1_000;

export function screenRpcRequest(request: unknown): Screened {
  const batch = Array.isArray(request);
  if (batch && request.length === 0) {
    return { forward: undefined, refusals: [errorResponse(null, invalidRequestCode, "invalid JSON-RPC request: an empty batch")], batch: false };
  }
  if (batch && request.length > MAX_RPC_BATCH) {
    return { forward: undefined, refusals: [errorResponse(null, invalidRequestCode, `a batch of ${request.length} calls, more than the ${MAX_RPC_BATCH} /rpc takes`)], batch: false };
  }
  const entries: unknown[] = batch ? request : [request];
  const refusals = entries.map(refusal);
  const allowed = entries.filter((_, i) => refusals[i] === undefined);
  const forward = allowed.length === 0 ? undefined : batch ? allowed : allowed[0];
  return { forward, refusals, batch };
}

/**
 * The response to the whole request: the node's answers to the forwarded entries (in the order
 * the node gave them) merged with the refusals in their entries' places. `upstream` is the node's
 * parsed reply, or undefined when nothing was forwarded.
 */
export function mergeRpcResponses(screened: Screened, upstream: unknown): unknown {
  if (!screened.batch) return screened.refusals[0] ?? upstream;
  const answers = Array.isArray(upstream) ? [...(upstream as unknown[])] : [];
  // Each refused entry keeps its place; the node's answers fill the others (every answer names its id).
  return screened.refusals.map((refused) => refused ?? answers.shift()).filter((r) => r !== undefined).concat(answers);
}

function refusal(entry: unknown): RpcErrorResponse | undefined {
  if (typeof entry !== "object" || entry === null || typeof (entry as { method?: unknown }).method !== "string") {
    return errorResponse(idOf(entry), invalidRequestCode, "invalid JSON-RPC request: no method");
  }
  const method = (entry as { method: string }).method;
  if (isRpcMethodAllowed(method)) return undefined;
  return errorResponse(idOf(entry), methodNotAllowedCode, refusedMessage(method));
}

export function refusedMessage(method: string): string {
  return `${method} is not allowed through /rpc: the dApp server forwards only the reads and the ` +
    `signed transactions (eth_sendRawTransaction) the page needs; a local script should use the node's own ` +
    `RPC URL (rpcUrl in the stack's record, .concord/devnet/devnet.json)`;
}

function idOf(entry: unknown): RpcId {
  if (typeof entry === "object" && entry !== null && "id" in entry) {
    const id = (entry as { id: unknown }).id;
    if (typeof id === "string" || typeof id === "number") return id;
  }
  return null;
}

function errorResponse(id: RpcId, code: number, message: string): RpcErrorResponse {
  return { jsonrpc: "2.0", id, error: { code, message } };
}
