// What the dApp server tells the page at boot, inlined into index.html (no extra request before
// the first render) and also served at /config.json. Validated by the page at its edge.
// zod/mini: parsed on the dApp's first render (see deployment.ts).
import * as z from "zod/mini";
import { deploymentSchema } from "./deployment.ts";
import { MAX_LISTED_TASK_FAMILIES, MAX_TASK_FAMILY_CHARS } from "./limits.ts";

/** A task family name the page may show a family by: as `taskFamilyName` (schemas.ts) takes it, in zod/mini. */
export const listedTaskFamilyName = z.string().check(z.minLength(1), z.maxLength(MAX_TASK_FAMILY_CHARS));

export const dappConfigSchema = z.object({
  deployment: deploymentSchema,
  /**
   * The block explorer the page links transactions and addresses to, as the server's operator
   * configured it (`concord dapp --explorer URL`); absent: a public explorer the page knows for the
   * chain, else the dApp's own transaction and address views.
   */
  explorer: z.optional(
    z.object({
      name: z.string().check(z.minLength(1), z.maxLength(60)),
      url: z.string().check(z.regex(/^https?:\/\/[^\s]+$/, "must be an http(s) URL")),
    }),
  ),
  /**
   * Where the page links the project's documents (economics.md, protocol.md), as the server's
   * operator configured it (`concord dapp --docs URL`, e.g. a repository's docs folder on the web):
   * the page links URL/economics.md. Absent: the dApp server's own read-only copies under /docs/.
   */
  docs: z.optional(
    z.object({
      url: z.string().check(z.regex(/^https?:\/\/[^\s]+$/, "must be an http(s) URL")),
    }),
  ),
  /**
   * Task family names the server's operator lists (`concord dapp --task-family NAME`; `concord
   * start`'s own): the chain holds only keccak256 of a name, so the page shows a session's family
   * by one of these names when it hashes to it. Each as `taskFamilyName` (schemas.ts) takes it;
   * zod/mini here, to keep classic zod off the first render.
   */
  taskFamilies: z.optional(
    z.array(listedTaskFamilyName).check(z.maxLength(MAX_LISTED_TASK_FAMILIES)),
  ),
  /**
   * nats-server's WebSocket listener for live session updates, with a read-only user when the
   * server requires credentials: a JWT user (`jwt` and its nkey `seed`: operator mode, the stacks
   * `npm start` runs) or a password user. Absent: the page follows sessions through chain events only.
   */
  natsWebsocket: z.optional(
    z.object({
      url: z.string().check(z.regex(/^wss?:\/\//, "must be a ws:// or wss:// URL")),
      user: z.optional(z.string().check(z.minLength(1))),
      pass: z.optional(z.string().check(z.minLength(1))),
      jwt: z.optional(z.string().check(z.minLength(1))),
      seed: z.optional(z.string().check(z.regex(/^SU[A-Z2-7]+$/, "a NATS user nkey seed (SU…)"))),
    }),
  ),
});

export type DappConfig = z.infer<typeof dappConfigSchema>;

/** The id of the inline `<script type="application/json">` element holding the config. */
export const dappConfigElementId = "concord-config";
