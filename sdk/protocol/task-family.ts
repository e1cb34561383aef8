// A session's task family (docs/economics.md, "Weights"): agents' evaluation weights are learned
// per family, so an agent strong on one kind of task and weak on another is weighed by what it
// did on tasks of this kind. On chain a family is a bytes32; every caller derives it from the
// family's name here, so the same name always reaches the same histories.
import { keccak256, stringToBytes, zeroHash, type Hex } from "viem";

/** The family of a session created with none: the one history `Sessions.history` reads. */
export const NO_TASK_FAMILY: Hex = zeroHash;

/** `createSession`'s taskFamily for a family name: keccak256 of its UTF-8 bytes; none or "" → zero. */
export function taskFamilyId(name: string | undefined): Hex {
  return name === undefined || name === "" ? NO_TASK_FAMILY : keccak256(stringToBytes(name));
}
