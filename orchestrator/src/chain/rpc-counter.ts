// Counts the JSON-RPC calls a client makes, by method: how the lean chain path is held to its
// budget (test/integration/rpc-budget.test.ts, bench:rpc). A call is counted once per request
// handed to the transport, so a retry after an outage counts again, as the node sees it. Work
// that runs off a session's path (royalty distribution) runs inside `countedAs`, and its calls
// are counted under that scope rather than the session's.
import { AsyncLocalStorage } from "node:async_hooks";
import type { Transport } from "viem";

/** The scope of calls not made inside `countedAs`. */
export const SESSION_SCOPE = "session";

const scope = new AsyncLocalStorage<string>();

/** Runs `work` with its JSON-RPC calls counted under `label` (by any counter that sees them). */
export function countedAs<T>(label: string, work: () => T): T {
  return scope.run(label, work);
}

export interface RpcCounter {
  /** Calls by method in one scope since the counter was made or last reset. */
  byMethod(label?: string): Record<string, number>;
  total(label?: string): number;
  reset(): void;
  /** Wraps a transport so that every request through it is counted here. */
  wrap(transport: Transport): Transport;
}

export function rpcCounter(): RpcCounter {
  const counts = new Map<string, Map<string, number>>();
  const of = (label: string) => counts.get(label) ?? new Map<string, number>();
  return {
    byMethod: (label = SESSION_SCOPE) => Object.fromEntries([...of(label)].sort(([a], [b]) => a.localeCompare(b))),
    total: (label = SESSION_SCOPE) => [...of(label).values()].reduce((a, b) => a + b, 0),
    reset: () => counts.clear(),
    wrap: (transport) => (config) => {
      const inner = transport(config);
      return {
        ...inner,
        request: ((args, options) => {
          const label = scope.getStore() ?? SESSION_SCOPE;
          const methods = of(label);
          counts.set(label, methods);
          methods.set(args.method, (methods.get(args.method) ?? 0) + 1);
          return inner.request(args, options);
        }) as typeof inner.request,
      };
    },
  };
}

/** `eth_call: 1, eth_sendRawTransaction: 3, …` */
export function breakdownLine(byMethod: Record<string, number>): string {
  return Object.entries(byMethod).map(([m, n]) => `${m}: ${n}`).join(", ");
}
