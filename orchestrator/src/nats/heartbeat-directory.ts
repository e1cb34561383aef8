// The agents heard on one NATS connection: one subscription to every heartbeat, kept for the
// connection's life, so a question about who is alive ("is every agent of this session up?") is
// answered from what was already heard instead of listening afresh for a beat (agents beat every
// 2 s, so a fresh listen cost a session start or a preflight about a second on average).
import type { NatsConnection } from "@nats-io/transport-node";
import { decodeMessage, heartbeat, SIGNATURE_HEADER, subjects, type Heartbeat } from "@concord/agent-sdk/protocol";
import { verifySignedPayload } from "../crypto/known-signers.ts";

interface Heard {
  beat: Heartbeat;
  at: number;
}

class HeartbeatDirectory {
  private readonly heard = new Map<string, Heard>();
  private readonly waiters = new Set<() => void>();
  readonly since = Date.now();
  /** The subscription ended (the connection closed): nothing more will be heard. */
  ended = false;

  constructor(nc: NatsConnection, onEnd: () => void) {
    const sub = nc.subscribe(subjects.heartbeats());
    void (async () => {
      for await (const msg of sub) {
        let beat: Heartbeat;
        try {
          beat = decodeMessage(heartbeat, msg.data);
          // Only the key a heartbeat announces may announce it: no one can claim another's name.
          verifySignedPayload(msg.data, msg.headers?.get(SIGNATURE_HEADER), beat.signer);
        } catch {
          continue; // malformed or unsigned: not a heartbeat we can use
        }
        if (beat.status === "stopping") this.heard.delete(beat.agent);
        else this.heard.set(beat.agent, { beat, at: Date.now() });
        for (const wake of this.waiters) wake();
      }
    })().finally(() => {
      onEnd();
      for (const wake of this.waiters) wake();
    });
  }

  /** The beats heard within the last `windowMs`, by agent name. */
  view(windowMs: number): Map<string, Heartbeat> {
    const oldest = Date.now() - windowMs;
    return new Map([...this.heard].filter(([, h]) => h.at >= oldest).map(([name, h]) => [name, h.beat]));
  }

  /**
   * What was heard within `windowMs`, as soon as `enough` holds of it, or once this directory has
   * listened for `windowMs` in all (then an agent not heard is not beating).
   */
  async lookup(windowMs: number, enough: (heard: Map<string, Heartbeat>) => boolean): Promise<Map<string, Heartbeat>> {
    const deadline = Math.max(Date.now(), this.since + windowMs);
    for (;;) {
      const view = this.view(windowMs);
      const left = deadline - Date.now();
      if (enough(view) || left <= 0 || this.ended) return view;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }
}

const directories = new WeakMap<NatsConnection, HeartbeatDirectory>();

/** Who has been heard on `nc` (see HeartbeatDirectory.lookup); the first call starts listening. */
export function lookupHeartbeats(
  nc: NatsConnection, windowMs: number, enough: (heard: Map<string, Heartbeat>) => boolean,
): Promise<Map<string, Heartbeat>> {
  let directory = directories.get(nc);
  if (!directory) {
    const created = new HeartbeatDirectory(nc, () => {
      created.ended = true;
      if (directories.get(nc) === created) directories.delete(nc);
    });
    directories.set(nc, created);
    directory = created;
  }
  return directory.lookup(windowMs, enough);
}
