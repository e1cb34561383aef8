// The built dApp's files: content-hashed assets cached for good, anything else revalidated, no
// path outside the dist folder (traversal or a symlink), and client-side routes answered with the app.
import type { IncomingMessage, ServerResponse } from "node:http";
import { readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { contentTypes, send, sendText } from "./http-send.ts";

export async function serveStatic(req: IncomingMessage, res: ServerResponse, rawPath: string, distDir: string, sendApp: () => Promise<void>): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return sendText(res, 400, "malformed path");
  }
  // Refuse traversal outright (raw or percent-encoded, either slash) rather than normalising it away.
  const segments = decoded.split(/[/\\]/);
  if (decoded.includes("\0") || segments.includes("..")) return sendText(res, 403, "forbidden path");

  const candidate = path.resolve(distDir, "." + path.posix.normalize(decoded));
  if (candidate !== distDir && !candidate.startsWith(distDir + path.sep)) return sendText(res, 403, "forbidden path");

  if (await isFile(candidate)) {
    // A symlink inside dist must not lead outside it either.
    const real = await realpath(candidate);
    if (!real.startsWith(distDir + path.sep)) return sendText(res, 403, "forbidden path");
    return sendFile(req, res, real);
  }
  // Unknown paths without a file extension are client-side routes: hand them the app.
  const last = segments[segments.length - 1] ?? "";
  if (!last.includes(".")) return sendApp();
  return sendText(res, 404, "not found");
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string): Promise<void> {
  const body = await readFile(file);
  const ext = path.extname(file).toLowerCase();
  // Vite content-hashes everything under assets/, so those never change; index.html always may.
  const immutable = file.includes(`${path.sep}assets${path.sep}`);
  send(res, 200, {
    "content-type": contentTypes[ext] ?? "application/octet-stream",
    "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    "x-content-type-options": "nosniff",
  }, body, req.method);
}

export async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
