// A JSON-RPC proxy in front of the hardhat node that passes everything through, except that it can
// swallow the answer to one transaction: the transaction reaches the node (and is mined there), but
// its sender never learns its hash, as when a process dies between sending and hearing back.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Hex, parseTransaction } from "viem";
import { recordRoundCalls } from "@concord/agent-sdk/protocol";

export interface RpcProxy {
  url: string;
  /** Resolves once a recordRound of `round` went through to the node; its answer is never sent. */
  swallowRecording(round: number): Promise<{ txHash: Hex }>;
  stop(): Promise<void>;
}

interface RpcCall { id?: unknown; method?: string; params?: unknown[] }

/** The rounds a sent transaction records (alone, or in a multicall, say with the settlement). */
const recordedRounds = (call: RpcCall): number[] => {
  if (call.method !== "eth_sendRawTransaction") return [];
  const { data } = parseTransaction(call.params![0] as Hex);
  return data ? recordRoundCalls(data).map((c) => c.round) : [];
};

export async function startRpcProxy(target: string): Promise<RpcProxy> {
  let swallow: { round: number; resolve: (tx: { txHash: Hex }) => void } | undefined;
  const held: ServerResponse[] = [];
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  };
  const server = createServer((req, res) => {
    void (async () => {
      const body = await read(req);
      const calls = [JSON.parse(body) as RpcCall | RpcCall[]].flat();
      const target_ = swallow && calls.some((c) => recordedRounds(c).includes(swallow!.round)) ? swallow : undefined;
      const answer = await fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body });
      const text = await answer.text();
      if (target_) {
        swallow = undefined;
        held.push(res);
        const reply = [JSON.parse(text) as { result?: Hex }].flat().find((r) => typeof r.result === "string");
        target_.resolve({ txHash: reply!.result! });
        return;
      }
      res.writeHead(answer.status, { "content-type": "application/json" }).end(text);
    })().catch((error: unknown) => res.writeHead(502).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    swallowRecording: (round) => new Promise((resolve) => (swallow = { round, resolve })),
    async stop() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
