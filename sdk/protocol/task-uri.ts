// How a session commits to its task: the chain keeps keccak256 of the text, and the text itself,
// when short enough, as a data: URI in `taskURI`, so every reader of the chain sees what the hash
// commits to. The dApp, the SDK's scripts and the command line all write it this way.
import { keccak256, stringToBytes, type Hex } from "viem";
import { MAX_INLINE_TASK_URI_BYTES } from "./limits.ts";

const DATA_PREFIX = "data:text/plain";

/** The session's `taskHash`: keccak256 of the task's UTF-8 bytes. */
export function taskHash(task: string): Hex {
  return keccak256(stringToBytes(task));
}

/** The task as a data: URI for `taskURI`; "" when it would be longer than MAX_INLINE_TASK_URI_BYTES. */
export function taskDataUri(task: string): string {
  const uri = `${DATA_PREFIX};charset=utf-8,${encodeURIComponent(task)}`;
  return uri.length <= MAX_INLINE_TASK_URI_BYTES ? uri : "";
}

/**
 * The text of a percent-encoded data: URI as taskDataUri writes it; undefined for any other URI
 * (a base64 one, ipfs://, "") or one that does not decode.
 */
export function taskFromDataUri(taskURI: string): string | undefined {
  const comma = taskURI.indexOf(",");
  if (!taskURI.startsWith(DATA_PREFIX) || comma < 0 || taskURI.slice(0, comma).endsWith(";base64")) return undefined;
  try {
    return decodeURIComponent(taskURI.slice(comma + 1));
  } catch {
    return undefined;
  }
}
