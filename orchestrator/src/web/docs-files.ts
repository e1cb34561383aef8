// The project's documents the dApp links to (the payout rule, the protocol), served read-only as
// markdown from the repository's docs/: /docs/economics.md and /docs/protocol.md. Only these
// names are answered, so no other file, under docs/ or outside it, can be asked for.
import type { IncomingMessage, ServerResponse } from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { send, sendText } from "./http-send.ts";

/** The documents served, by their path under /docs/. */
export const servedDocs: ReadonlySet<string> = new Set(["economics.md", "protocol.md"]);

/** The repository's docs/ folder (the default source). */
export const repositoryDocsDir = path.resolve(import.meta.dirname, "../../../docs");

/** True when `rawPath` is a /docs/ markdown path (answered here, found or not). */
export function isDocPath(rawPath: string): boolean {
  return rawPath.startsWith("/docs/") && rawPath.endsWith(".md");
}

export async function serveDoc(req: IncomingMessage, res: ServerResponse, rawPath: string, docsDir: string): Promise<void> {
  const name = rawPath.slice("/docs/".length);
  if (!servedDocs.has(name)) return sendText(res, 404, "not found");
  let body: Buffer;
  try {
    body = await readFile(path.join(docsDir, name));
  } catch {
    return sendText(res, 404, "not found");
  }
  send(res, 200, {
    "content-type": "text/markdown; charset=utf-8",
    "cache-control": "no-cache",
    "x-content-type-options": "nosniff",
  }, body, req.method);
}
