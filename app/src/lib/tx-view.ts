// The dApp's own transaction view (for chains without a block explorer): a transaction and its
// receipt shaped for reading, its call and its events decoded with the generated ABIs of the
// deployment's contracts (and ERC-20 for listed tokens). Anything else shows raw.
import { agentRegistryAbi, mockERC20Abi, sessionsAbi } from "@concord/agent-sdk/abis";
import { parseRecordRoundCall, type Deployment, unpackCalls } from "@concord/agent-sdk/protocol";
import { decodeEventLog, decodeFunctionData, isAddressEqual, type Abi, type Address, type Hex } from "viem";

export type KnownContract = { readonly name: string; readonly address: Address; readonly abi: Abi };

export function knownContracts(deployment: Deployment): KnownContract[] {
  return [
    { name: "Sessions", address: deployment.contracts.Sessions, abi: sessionsAbi },
    { name: "AgentRegistry", address: deployment.contracts.AgentRegistry, abi: agentRegistryAbi },
    ...(deployment.tokens ?? []).map((t) => ({ name: t.symbol, address: t.address, abi: mockERC20Abi as Abi })),
  ];
}

export function contractAt(contracts: readonly KnownContract[], address: Address | null | undefined): KnownContract | undefined {
  return address ? contracts.find((c) => isAddressEqual(c.address, address)) : undefined;
}

export type DecodedCall = { readonly contract: string; readonly functionName: string; readonly args: readonly Field[] };
export type Field = { readonly name: string; readonly value: string };
export type DecodedEvent = { readonly index: number; readonly address: Address; readonly contract: string | undefined; readonly eventName: string | undefined; readonly args: readonly Field[]; readonly topics: readonly Hex[] };

/** A decoded value as text: bigints as decimals, arrays and structs as JSON (bigints in it too). */
export function valueText(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return value;
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

function fields(abiInputs: readonly { readonly name?: string | undefined }[] | undefined, args: unknown): Field[] {
  if (args === undefined || args === null) return [];
  if (Array.isArray(args)) return args.map((value, i) => ({ name: abiInputs?.[i]?.name || `arg${i}`, value: valueText(value) }));
  return Object.entries(args as Record<string, unknown>).map(([name, value]) => ({ name, value: valueText(value) }));
}

export function decodeCall(contracts: readonly KnownContract[], to: Address | null | undefined, input: Hex): DecodedCall | undefined {
  const contract = contractAt(contracts, to);
  if (contract === undefined || input === "0x") return undefined;
  const decoded = decodeInput(contract, input);
  return decoded && { contract: contract.name, ...decoded };
}

/** A call's function and arguments; Sessions.multicall's calls each decoded in turn, one argument each. */
function decodeInput(contract: KnownContract, input: Hex): Omit<DecodedCall, "contract"> | undefined {
  // recordRound has no ABI arguments: its round is one packed message after the selector.
  const round = contract.name === "Sessions" ? parseRecordRoundCall(input) : undefined;
  if (round) {
    return {
      functionName: "recordRound", args: [
        { name: "sessionId", value: round.sessionId.toString() },
        { name: "round", value: String(round.round) },
        { name: "packedRound", value: round.packed },
      ],
    };
  }
  // multicall has no ABI arguments either: its calls are packed after the selector.
  const batch = contract.name === "Sessions" ? unpackCalls(input) : undefined;
  if (batch) {
    return {
      functionName: "multicall", args: batch.map((call, i) => {
        const inner = decodeInput(contract, call);
        return { name: `call ${i + 1}`, value: inner ? `${inner.functionName}(${inner.args.map((a) => `${a.name} ${a.value}`).join(", ")})` : call };
      }),
    };
  }
  try {
    const { functionName, args } = decodeFunctionData({ abi: contract.abi, data: input });
    const item = contract.abi.find((i) => i.type === "function" && i.name === functionName) as { inputs?: readonly { name?: string }[] } | undefined;
    return { functionName, args: fields(item?.inputs, args) };
  } catch {
    return undefined;
  }
}

export function decodeEvents(contracts: readonly KnownContract[], logs: readonly { readonly address: Address; readonly data: Hex; readonly topics: readonly Hex[]; readonly logIndex?: number | null }[]): DecodedEvent[] {
  return logs.map((log, i) => {
    const contract = contractAt(contracts, log.address);
    const base = { index: log.logIndex ?? i, address: log.address, contract: contract?.name, topics: log.topics };
    if (contract === undefined) return { ...base, eventName: undefined, args: [] };
    try {
      const decoded = decodeEventLog({ abi: contract.abi, data: log.data, topics: log.topics as [Hex, ...Hex[]] });
      const item = contract.abi.find((e) => e.type === "event" && e.name === decoded.eventName) as { inputs?: readonly { name?: string }[] } | undefined;
      return { ...base, eventName: decoded.eventName, args: fields(item?.inputs, decoded.args) };
    } catch {
      return { ...base, eventName: undefined, args: [] };
    }
  });
}
