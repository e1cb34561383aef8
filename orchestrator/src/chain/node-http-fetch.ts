// The `fetch` that viem's http transport calls for each JSON-RPC request, on node:http(s) with a
// keep-alive agent instead of the global fetch (undici + WHATWG streams): measured here at about a
// quarter of the CPU per request (≈ 0.14 against ≈ 0.56 ms), and the orchestrator makes several
// requests per round. viem keeps its part: the body, the timeout (it aborts `signal`), the size
// limit, and every error: a failure here is thrown as fetch would, a TypeError with the cause,
// which viem turns into an HttpRequestError without a status, so patient-http retries it as any
// transport failure.
import http from "node:http";
import https from "node:https";

/** What viem reads of a response (utils/rpc/http.ts): status, two headers and the text. */
export interface RpcResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  readonly body: null;
  text(): Promise<string>;
}

export interface RpcRequestInit {
  body?: string;
  headers?: Record<string, string>;
  method?: string;
  signal?: AbortSignal | null;
}

export type RpcFetch = (url: string | URL, init: RpcRequestInit) => Promise<RpcResponse>;

/**
 * viem's default limit on a response body. A body read past it is cut off and reported with its
 * size so far as Content-Length, which viem refuses as too large (not as a transport failure).
 */
export const MAX_RESPONSE_BYTES = 10_485_760;

/**
 * A free socket is closed after this long: before the usual server keep-alive timeout (Node's 5 s),
 * so a request is not written into a socket the server is closing.
 */
const FREE_SOCKET_MS = 4_000;

export interface NodeHttpFetchOptions {
  /** Test hook: the agent sockets come from (one per fetch otherwise). */
  agents?: { http: http.Agent; https: https.Agent };
}

/** A fetch for viem's `http(url, { fetchFn })`, with its own keep-alive sockets. */
export function nodeHttpFetch(options: NodeHttpFetchOptions = {}): RpcFetch {
  const agents = options.agents ?? {
    http: new http.Agent({ keepAlive: true, timeout: FREE_SOCKET_MS, scheduling: "lifo" }),
    https: new https.Agent({ keepAlive: true, timeout: FREE_SOCKET_MS, scheduling: "lifo" }),
  };
  return (url, init) => new Promise<RpcResponse>((resolve, reject) => {
    const { signal } = init;
    if (signal?.aborted) return reject(abortReason(signal));
    const target = typeof url === "string" ? new URL(url) : url;
    const secure = target.protocol === "https:";
    const body = init.body ?? "";
    const req = (secure ? https : http).request(target, {
      method: init.method ?? "POST",
      agent: secure ? agents.https : agents.http,
      headers: { ...init.headers, "content-length": Buffer.byteLength(body) },
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          req.destroy();
          finish(res, "", size);
          return;
        }
        chunks.push(chunk);
      });
      res.on("end", () => finish(res, Buffer.concat(chunks, size).toString("utf8")));
      res.on("error", fail);
    });
    let settled = false;
    const onAbort = () => {
      req.destroy();
      fail(abortReason(signal!));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    function settle(): boolean {
      if (settled) return false;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      return true;
    }
    function fail(error: unknown) {
      if (settle()) reject(error instanceof Error && error.name === "AbortError" ? error : new TypeError("fetch failed", { cause: error }));
    }
    function finish(res: http.IncomingMessage, text: string, oversize?: number) {
      if (!settle()) return;
      const status = res.statusCode ?? 0;
      resolve({
        ok: status >= 200 && status < 300,
        status,
        statusText: res.statusMessage ?? "",
        headers: {
          get(name) {
            const key = name.toLowerCase();
            if (oversize !== undefined && key === "content-length") return String(oversize);
            const value = res.headers[key];
            return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
          },
        },
        body: null,
        text: async () => text,
      });
    }
    req.on("error", fail);
    req.end(body);
  });
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException("This operation was aborted", "AbortError");
}

/**
 * As viem's option types it (the global fetch): viem calls it with a URL string and the init above,
 * and reads no more of the response than RpcResponse has.
 */
export function asFetch(fetchFn: RpcFetch): typeof fetch {
  return fetchFn as unknown as typeof fetch;
}
