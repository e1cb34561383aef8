// Whether a submitter can pay for createSession before it is sent: the ETH bounty plus gas, or an
// ERC-20 bounty's balance and allowance plus gas in ETH. Each shortfall is one INSUFFICIENT_FUNDS
// error naming the amounts; a call that would revert for another reason is named by its error.
import { erc20Abi, formatEther, formatUnits, zeroAddress, type Address } from "viem";
import { ConcordError, describeRevert, isInsufficientFunds } from "@concord/agent-sdk/protocol";
import type { ChainContext } from "./chain-context.ts";
import type { CreateSessionRequest } from "./actions/create-session.ts";

export async function checkSubmitterFunds(
  chain: ChainContext, submitter: Address, request: CreateSessionRequest,
): Promise<ConcordError[]> {
  const { publicClient } = chain;
  const { token, bounty } = request.args[0];
  const problems: ConcordError[] = [];
  const eth = await publicClient.getBalance({ address: submitter });
  if (token === zeroAddress) {
    if (eth < bounty) {
      return [new ConcordError("INSUFFICIENT_FUNDS",
        `the submitter ${submitter} has ${formatEther(eth)} ETH, less than the bounty of ${formatEther(bounty)} ETH (plus gas)`)];
    }
  } else {
    const read = { address: token, abi: erc20Abi } as const;
    const [balance, allowance, decimals, symbol] = await Promise.all([
      publicClient.readContract({ ...read, functionName: "balanceOf", args: [submitter] }),
      publicClient.readContract({ ...read, functionName: "allowance", args: [submitter, request.address] }),
      publicClient.readContract({ ...read, functionName: "decimals" }),
      publicClient.readContract({ ...read, functionName: "symbol" }).catch(() => token),
    ]);
    const amount = (v: bigint) => `${formatUnits(v, decimals)} ${symbol}`;
    if (balance < bounty) {
      problems.push(new ConcordError("INSUFFICIENT_FUNDS", `the submitter ${submitter} holds ${amount(balance)}, less than the bounty of ${amount(bounty)}`));
    }
    if (allowance < bounty) {
      problems.push(new ConcordError("INSUFFICIENT_FUNDS",
        `the submitter ${submitter} allows the Sessions contract ${request.address} to take ${amount(allowance)}, less than the bounty of ${amount(bounty)}: approve it first`));
    }
    if (problems.length > 0) return problems;
  }
  let gas: bigint;
  try {
    gas = await publicClient.estimateContractGas({ ...request, account: submitter });
  } catch (cause) {
    if (isInsufficientFunds(cause)) {
      return [new ConcordError("INSUFFICIENT_FUNDS", `the submitter ${submitter} has ${formatEther(eth)} ETH, not enough for the bounty and the gas`, { cause })];
    }
    return [new ConcordError("CHAIN_CALL_FAILED", `createSession would fail: ${describeRevert(cause)}`, { cause })];
  }
  const fees = await publicClient.estimateFeesPerGas();
  const gasCost = gas * (fees.maxFeePerGas ?? fees.gasPrice ?? 0n);
  const needed = request.value + gasCost;
  if (eth < needed) {
    problems.push(new ConcordError("INSUFFICIENT_FUNDS",
      `the submitter ${submitter} has ${formatEther(eth)} ETH; the session needs ${formatEther(needed)} ETH ` +
      `(bounty ${formatEther(request.value)} ETH + up to ${formatEther(gasCost)} ETH of gas)`));
  }
  return problems;
}
