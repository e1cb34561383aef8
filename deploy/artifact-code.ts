// Compares a contract's code on chain with the compiler's artifact. Immutables (EIP-712 domain,
// constructor arguments) are written into the code at deployment and are zeros in the artifact,
// so their byte ranges are blanked before hashing.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { keccak256, type Hex } from "viem";

export type ConcordContract = "AgentRegistry" | "Sessions";

interface Artifact {
  bytecode: Hex;
  deployedBytecode: Hex;
  immutableReferences?: Record<string, { start: number; length: number }[]>;
}

const artifactsDir = path.resolve(import.meta.dirname, "../artifacts/contracts");

export async function readArtifact(contract: ConcordContract): Promise<Artifact> {
  return JSON.parse(await readFile(path.join(artifactsDir, `${contract}.sol`, `${contract}.json`), "utf8")) as Artifact;
}

function blankImmutables(code: Hex, artifact: Artifact): Hex {
  const bytes = Buffer.from(code.slice(2), "hex");
  for (const ranges of Object.values(artifact.immutableReferences ?? {})) {
    for (const { start, length } of ranges) bytes.fill(0, start, start + length);
  }
  return `0x${bytes.toString("hex")}`;
}

/** The artifact's runtime code hash, and the same hash of `code` with its immutables blanked. */
export function codeHashes(code: Hex, artifact: Artifact): { onChain: Hex; expected: Hex } {
  return { onChain: keccak256(blankImmutables(code, artifact)), expected: keccak256(artifact.deployedBytecode) };
}
