// The dApp server's replies: one place for content types and for writing a response (HEAD gets
// the headers alone).
import type { ServerResponse } from "node:http";

export const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
};

export function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer, method: string | undefined): void {
  res.writeHead(status, { ...headers, "content-length": String(Buffer.byteLength(body)) });
  res.end(method === "HEAD" ? undefined : body);
}

export function sendText(res: ServerResponse, status: number, message: string): void {
  send(res, status, { "content-type": contentTypes[".txt"]! }, `${message}\n`, "GET");
}
