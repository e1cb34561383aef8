// checkSubmitterFunds with a fake chain: the ETH bounty plus gas, an ERC-20 bounty's balance and
// allowance, and a createSession that would revert for another reason.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseEther, zeroAddress, type Address, type PublicClient } from "viem";
import type { Deployment } from "@concord/agent-sdk/protocol";
import { createSessionRequest } from "@concord/orchestrator/chain/actions/create-session.ts";
import { checkSubmitterFunds } from "@concord/orchestrator/chain/submitter-funds.ts";
import type { ChainContext } from "@concord/orchestrator/chain/chain-context.ts";

const SUBMITTER: Address = "0x00000000000000000000000000000000000000aa";
const SESSIONS: Address = "0x00000000000000000000000000000000000000bb";
const TOKEN: Address = "0x00000000000000000000000000000000000000cc";

interface FakeChain { eth: bigint; tokenBalance?: bigint; allowance?: bigint; gas?: bigint; estimateFails?: Error }

function fakeChain(state: FakeChain): ChainContext {
  const publicClient = {
    getBlock: async () => ({ timestamp: 1_000n }),
    getBalance: async () => state.eth,
    readContract: async ({ functionName }: { functionName: string }) =>
      ({ balanceOf: state.tokenBalance, allowance: state.allowance, decimals: 6, symbol: "USDC" })[functionName],
    estimateContractGas: async () => {
      if (state.estimateFails) throw state.estimateFails;
      return state.gas ?? 500_000n;
    },
    estimateFeesPerGas: async () => ({ maxFeePerGas: 2_000_000_000n }),
  } as unknown as PublicClient;
  return { publicClient, deployment: { contracts: { Sessions: SESSIONS } } as unknown as Deployment };
}

async function check(state: FakeChain, bounty: bigint, token: Address = zeroAddress) {
  const chain = fakeChain(state);
  const request = await createSessionRequest(chain, {
    taskHash: `0x${"11".repeat(32)}`, agentIds: [1n, 2n], orchestrator: SUBMITTER, maxRounds: 3, bounty, token,
  });
  return checkSubmitterFunds(chain, SUBMITTER, request);
}

describe("checkSubmitterFunds", () => {
  it("passes a balance that covers the ETH bounty and the gas", async () => {
    assert.deepEqual(await check({ eth: parseEther("2") }, parseEther("1")), []);
  });
  it("refuses a bounty above the balance, with both amounts", async () => {
    const [problem] = await check({ eth: parseEther("10000") }, parseEther("100000"));
    assert.equal(problem?.code, "INSUFFICIENT_FUNDS");
    assert.match(problem!.message, /has 10000 ETH, less than the bounty of 100000 ETH \(plus gas\)/);
  });
  it("refuses a balance that covers the bounty but not the gas", async () => {
    // 500 000 gas at 2 gwei is 0.001 ETH.
    const [problem] = await check({ eth: parseEther("1.0005") }, parseEther("1"));
    assert.match(problem!.message, /needs 1\.001 ETH \(bounty 1 ETH \+ up to 0\.001 ETH of gas\)/);
  });
  it("refuses an ERC-20 bounty above the token balance and the allowance, each said once", async () => {
    const problems = await check({ eth: parseEther("1"), tokenBalance: 5_000_000n, allowance: 0n }, 10_000_000n, TOKEN);
    assert.deepEqual(problems.map((p) => p.code), ["INSUFFICIENT_FUNDS", "INSUFFICIENT_FUNDS"]);
    assert.match(problems[0]!.message, /holds 5 USDC, less than the bounty of 10 USDC/);
    assert.match(problems[1]!.message, /allows the Sessions contract 0x0+bb to take 0 USDC, less than the bounty of 10 USDC: approve it first/);
  });
  it("passes an ERC-20 bounty that is held and approved, with ETH for the gas", async () => {
    assert.deepEqual(await check({ eth: parseEther("1"), tokenBalance: 10_000_000n, allowance: 10_000_000n }, 10_000_000n, TOKEN), []);
  });
  it("names a createSession that would fail for another reason", async () => {
    const [problem] = await check({ eth: parseEther("2"), estimateFails: new Error("AgentNotRegistered(7)") }, parseEther("1"));
    assert.equal(problem?.code, "CHAIN_CALL_FAILED");
    assert.match(problem!.message, /createSession would fail: AgentNotRegistered\(7\)/);
  });
});
