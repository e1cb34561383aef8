// A contract function's ABI item and selector, found once per ABI and name. viem otherwise searches
// the whole ABI and hashes the function's signature again for every call it encodes or decodes
// (≈ 0.3 ms of CPU per session on the orchestrator's loop, for Sessions' ABI); given a one-item ABI
// and the selector as the function name, it does neither.
import { prepareEncodeFunctionData, type Abi, type Hex } from "viem";

/** Per ABI, per function name: the one function's item and selector (null when the name is overloaded). */
const prepared = new WeakMap<Abi, Map<string, { abi: Abi; functionName: Hex } | null>>();

/** `{ abi, functionName }` for viem: the one function and its selector; an overloaded name is left to viem, which picks the overload by its args. */
export function preparedFunction(abi: Abi, functionName: string): { abi: Abi; functionName: string } {
  let byName = prepared.get(abi);
  if (!byName) prepared.set(abi, (byName = new Map()));
  let found = byName.get(functionName);
  if (found === undefined) {
    const overloads = abi.filter((item) => item.type === "function" && item.name === functionName).length;
    found = overloads === 1 ? prepareEncodeFunctionData({ abi, functionName } as Parameters<typeof prepareEncodeFunctionData>[0]) as { abi: Abi; functionName: Hex } : null;
    byName.set(functionName, found);
  }
  return found ?? { abi, functionName };
}
