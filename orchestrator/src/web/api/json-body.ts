// The body of a POST /api/ route, read once for every such route: `application/json` only (a form
// or a `text/plain` fetch needs no CORS preflight, so any page could send one: refused unread with
// 415), at most `maxBytes` (413), JSON (400), then the route's zod schema (400, issues by path).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { sendApiError as sendConcordError } from "./api-route.ts";

/** The parsed body, or undefined once the refusal has been sent. */
export async function readJsonBody<T extends z.ZodType>(
  req: IncomingMessage, res: ServerResponse, schema: T, maxBytes: number,
  /** How a refusal is sent (the /v1/ routes answer in OpenAI's error shape). */
  sendApiError: (res: ServerResponse, status: number, code: string, message: string) => void = sendConcordError,
): Promise<z.output<T> | undefined> {
  const mediaType = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType !== "application/json") {
    req.resume();
    sendApiError(res, 415, "UNSUPPORTED_MEDIA_TYPE", `the body must be application/json, not ${mediaType || "untyped"}`);
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      sendApiError(res, 413, "INVALID_REQUEST", `the body is larger than ${maxBytes} bytes`);
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    sendApiError(res, 400, "INVALID_REQUEST", "the body is not JSON");
    return undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    sendApiError(res, 400, "INVALID_REQUEST", parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
    return undefined;
  }
  return parsed.data;
}
