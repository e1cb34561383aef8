// The agent directory read through a viem client whose transport answers like the registry, and a
// fetch that answers like the dApp server's /api/agents (or fails: names are a nicety).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createClient, custom, decodeFunctionData, encodeFunctionResult, zeroHash, type Address, type Hex } from "viem";
import { hardhat } from "viem/chains";
import { agentRegistryAbi } from "@concord/agent-sdk/abis";
import { loadAgentDirectory } from "@concord/app/lib/agent-directory.ts";

const registry: Address = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const signers: Address[] = ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"];
const metadata = `data:application/json,${encodeURIComponent('{"name":"from-metadata"}')}`;

const client = createClient({
  chain: hardhat,
  transport: custom({
    async request({ method, params }: { method: string; params: [{ data: Hex }] }) {
      if (method === "eth_chainId") return "0x7a69";
      if (method !== "eth_call") throw new Error(`unexpected ${method}`);
      const call = decodeFunctionData({ abi: agentRegistryAbi, data: params[0].data });
      if (call.functionName === "agentCount") return encodeFunctionResult({ abi: agentRegistryAbi, functionName: "agentCount", result: 2n });
      if (call.functionName === "getAgent") {
        const id = Number(call.args![0]);
        return encodeFunctionResult({
          abi: agentRegistryAbi, functionName: "getAgent",
          result: { operator: signers[0]!, signer: signers[id - 1]!, retired: false, minBps: 0, splitHash: zeroHash, modelId: "m", metadataURI: id === 2 ? metadata : "" } as never,
        });
      }
      throw new Error(`unexpected call ${call.functionName}`);
    },
  }),
});

describe("app/lib/agent-directory", () => {
  it("names each registered agent by its metadata, else by the name the server hears it run under, pictured by its signer", async () => {
    let asked = "";
    const fetchFn = async (url: string) => {
      asked = url;
      return Response.json({ agents: [{ agentId: "1", name: "ada", modelId: "m", capabilities: [], live: true }, { agentId: "2", name: "ignored", modelId: "m", capabilities: [], live: true }] });
    };
    const directory = await loadAgentDirectory(client, registry, fetchFn);
    assert.equal(asked, "/api/agents?ids=1,2");
    assert.deepEqual([...directory.values()].map((a) => [a.agentId, a.label, a.avatarSeed]), [
      [1n, "ada (#1)", signers[0]],
      [2n, "from-metadata (#2)", signers[1]],
    ]);
  });
  it("goes by ids when the server cannot say (no NATS, busy)", async () => {
    const directory = await loadAgentDirectory(client, registry, async () => new Response("busy", { status: 429 }));
    assert.deepEqual([...directory.values()].map((a) => a.label), ["Agent #1", "from-metadata (#2)"]);
  });
});
