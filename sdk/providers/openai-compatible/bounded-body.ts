// A model server's reply read up to a bound: a completion (a proposal, or an evaluation of up to
// nine candidates, reasoning included) is far below it, and a server that streams without end
// would otherwise grow the agent's memory until it is killed.

/** The most of one reply read: 8 MiB. */
export const MAX_REPLY_BYTES = 8 * 1024 * 1024;

/** Thrown when a reply passes `maxBytes`; the rest is not read. */
export class ReplyTooLarge extends Error {
  constructor(maxBytes: number) {
    super(`the reply is larger than ${maxBytes} bytes`);
    this.name = "ReplyTooLarge";
  }
}

/** The response's body as text, read up to `maxBytes` (then ReplyTooLarge, the body cancelled). */
export async function boundedText(response: Response, maxBytes = MAX_REPLY_BYTES): Promise<string> {
  if (!response.body) return response.text();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new ReplyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}
