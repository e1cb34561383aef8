// What the command line prints for a failure: one readable line, never a library's dump. viem's
// errors become their short message (or the decoded revert), zod's their issues by path.
import { BaseError } from "viem";
import { ZodError } from "zod";
import { describeRevert } from "@concord/agent-sdk/protocol";

export function errorText(error: unknown): string {
  if (error instanceof BaseError) return describeRevert(error);
  if (error instanceof ZodError) {
    return `invalid value: ${error.issues.map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ")}`;
  }
  return error instanceof Error ? error.message : String(error);
}
