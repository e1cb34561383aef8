// A record file's JSON, with errors that name the file: what a missing file means is the caller's
// to say (a stack that is not running, a path to check).
import { readFile } from "node:fs/promises";
import { ConcordError, type ErrorCode } from "../protocol/index.ts";

export async function readJsonFile(file: string, missing: { code: ErrorCode; message: string }): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") throw new ConcordError(missing.code, missing.message, { cause });
    throw new ConcordError("CONFIG_INVALID", `cannot read ${file}: ${(cause as Error).message}`, { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ConcordError("CONFIG_INVALID", `${file} is not JSON: ${(cause as Error).message}`, { cause });
  }
}
