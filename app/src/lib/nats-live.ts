// Follows one session's events over nats-server's WebSocket listener, as the read-only viewer.
// The NATS client is imported on demand, so it weighs nothing on the first render. Events are
// validated at this edge with the protocol's schema; anything else is dropped.
import { type DappConfig, decodeMessage, sessionEvent, type SessionEvent, subjects } from "@concord/agent-sdk/protocol";
import type { LiveAction } from "./live-status.ts";

export type NatsWebsocket = NonNullable<DappConfig["natsWebsocket"]>;

/**
 * Starts following; returns a function that stops (and closes the connection). `refresh` runs on
 * every event, and also once the subscription is in place and after each reconnect: events sent
 * before then (the page's first reads can predate the subscription) are never delivered, so the
 * page reads again to catch up.
 */
export function followSessionEvents(
  config: NatsWebsocket,
  sessionId: string,
  dispatch: (action: LiveAction) => void,
  refresh: () => void,
): () => void {
  let stopped = false;
  let close: (() => Promise<void>) | undefined;
  dispatch({ type: "connecting" });
  void (async () => {
    try {
      const { wsconnect, jwtAuthenticator } = await import("@nats-io/nats-core");
      // The viewer's JWT user signs the server's nonce with its seed; a password user sends both.
      const auth = config.jwt && config.seed
        ? { authenticator: jwtAuthenticator(config.jwt, new TextEncoder().encode(config.seed)) }
        : { user: config.user, pass: config.pass };
      const nc = await wsconnect({
        servers: config.url, ...auth, name: "concord-dapp",
        // After a first successful connection, keep trying forever: the page stays on chain
        // events meanwhile. A first connection that fails leaves the page on chain events.
        maxReconnectAttempts: -1, reconnectTimeWait: 1_000,
      });
      close = () => nc.close();
      if (stopped) return void nc.close();
      const sub = nc.subscribe(subjects.sessionEvents(sessionId));
      await nc.flush();
      dispatch({ type: "connected" });
      refresh();
      void (async () => {
        for await (const status of nc.status()) {
          if (status.type === "disconnect" || status.type === "reconnecting") dispatch({ type: "reconnecting" });
          else if (status.type === "reconnect") {
            dispatch({ type: "connected" });
            refresh();
          }
        }
      })();
      void nc.closed().then((error) => {
        if (!stopped) dispatch({ type: "unavailable", reason: error ? error.message : "connection closed" });
      });
      for await (const msg of sub) {
        let event: SessionEvent;
        try {
          event = decodeMessage(sessionEvent, msg.data);
        } catch {
          continue;
        }
        if (event.sessionId !== sessionId) continue;
        dispatch({ type: "event", event });
        refresh();
      }
    } catch (error) {
      if (!stopped) dispatch({ type: "unavailable", reason: connectFailure(error) });
    }
  })();
  return () => {
    stopped = true;
    void close?.().catch(() => {});
  };
}

function connectFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /Authorization/i.test(message) ? "the live server refused the viewer's credentials" : `cannot reach ${message ? `the live server (${message})` : "the live server"}`;
}
