// A nats-server (JetStream on) and one connection to it for a suite's tests: started before them,
// drained and stopped after; `ready` hands both to the suite.
import { after, before } from "node:test";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { startNatsServer, type LocalNatsServer } from "@concord/orchestrator/devnet/nats-server.ts";

export function natsForSuite(ready: (server: LocalNatsServer, nc: NatsConnection) => void): void {
  let server: LocalNatsServer | undefined;
  let nc: NatsConnection | undefined;
  before(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    ready(server, nc);
  });
  after(async () => {
    await nc?.drain();
    await server?.stop();
  });
}
