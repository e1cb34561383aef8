// Reads a text/event-stream response into its events as they arrive (comments to a callback), for the
// tests of the server's SSE endpoints.
export type ServerSentEvent = { id?: string; event?: string; data: string };

/** `onComment` sees each comment line (`: ...`) as it comes, before the events after it. */
export async function* serverSentEvents(res: Response, onComment?: (text: string) => void): AsyncGenerator<ServerSentEvent> {
  if (!res.body) throw new Error("the response has no body");
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of res.body) {
    buffered += decoder.decode(chunk as Uint8Array, { stream: true });
    let end: number;
    while ((end = buffered.indexOf("\n\n")) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const event: ServerSentEvent = { data: "" };
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) {
          onComment?.(line.slice(1).trim());
          continue;
        }
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "data") data.push(value);
        else if (field === "id") event.id = value;
        else if (field === "event") event.event = value;
      }
      if (data.length === 0) continue;
      event.data = data.join("\n");
      yield event;
    }
  }
}
