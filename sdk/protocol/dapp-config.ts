// What the dApp server tells the page at boot, inlined into index.html (no extra request before
// the first render) and also served at /config.json. Validated by the page at its edge.
import { z } from "zod";
import { deploymentSchema } from "./deployment.ts";

export const dappConfigSchema = z.object({
  deployment: deploymentSchema,
  /**
   * nats-server's WebSocket listener for live session updates, with a read-only user when the
   * server requires credentials. Absent: the page follows sessions through chain events only.
   */
  natsWebsocket: z
    .object({
      url: z.string().regex(/^wss?:\/\//, "must be a ws:// or wss:// URL"),
      user: z.string().min(1).optional(),
      pass: z.string().min(1).optional(),
    })
    .optional(),
});

export type DappConfig = z.infer<typeof dappConfigSchema>;

/** The id of the inline `<script type="application/json">` element holding the config. */
export const dappConfigElementId = "concord-config";
