// The provider check an OpenAI-compatible agent runs before it says it is ready: what each answer
// of GET {baseUrl}/models means (a stand-in fetch, so every status and failure is exact).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkProvider } from "../../sdk/providers/openai-compatible/provider-check.ts";

const BASE = "http://model.test/v1";
const answering = (status: number, body = "{}") => (async () => new Response(body, { status })) as typeof fetch;

describe("checkProvider", () => {
  it("takes any answer but a refused key or a server error as up (a server without /models answers 404)", async () => {
    for (const status of [200, 404, 405]) await checkProvider({ baseUrl: BASE, model: "m", fetch: answering(status) });
  });

  it("says the key is refused on 401 and 403", async () => {
    for (const status of [401, 403]) {
      await assert.rejects(checkProvider({ baseUrl: BASE, model: "m", fetch: answering(status, '{"error":{"message":"bad key"}}') }),
        (e: Error & { code?: string }) => e.code === "PROVIDER_UNAUTHORIZED" && /bad key/.test(e.message));
    }
  });

  it("says the server is unavailable on a 5xx, a refused connection and a silence past its timeout", async () => {
    await assert.rejects(checkProvider({ baseUrl: BASE, model: "m", fetch: answering(503) }), { code: "PROVIDER_UNAVAILABLE" });
    const refused = (async () => {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
    }) as typeof fetch;
    await assert.rejects(checkProvider({ baseUrl: BASE, model: "m", fetch: refused }),
      (e: Error & { code?: string }) => e.code === "PROVIDER_UNAVAILABLE" && e.message.includes("ECONNREFUSED") && e.message.includes(`${BASE}/models`));
    const silent = ((_url: string, init: RequestInit) => new Promise<Response>((_, reject) => {
      init.signal!.addEventListener("abort", () => reject(init.signal!.reason));
    })) as typeof fetch;
    // AbortSignal.timeout's timer does not hold the process open (an agent's NATS connection does): one that does, here.
    const held = setTimeout(() => {}, 5_000);
    await assert.rejects(checkProvider({ baseUrl: BASE, model: "m", fetch: silent, timeoutMs: 50 }),
      (e: Error & { code?: string }) => e.code === "PROVIDER_UNAVAILABLE" && /within 50 ms/.test(e.message));
    clearTimeout(held);
  });

  it("sends the API key", async () => {
    let seen: string | null = null;
    const recording = (async (_url: string, init: RequestInit) => {
      seen = new Headers(init.headers).get("authorization");
      return new Response("{}", { status: 200 });
    }) as typeof fetch;
    await checkProvider({ baseUrl: BASE, model: "m", apiKey: "sk-test", fetch: recording });
    assert.equal(seen, "Bearer sk-test");
  });
});
