// `concord dapp`: serves the dApp for one deployment: the devnet's by default, or the record of
// another chain picked with --rpc, --chain-id or --deployment. The page reads that deployment's
// contracts and reaches its node through the server's /rpc.
import path from "node:path";
import { z } from "zod";
import { MAX_LISTED_TASK_FAMILIES, MAX_TASK_FAMILY_CHARS, taskFamilyName } from "@concord/agent-sdk/protocol";
import { startDappServer } from "../../web/dapp-server.ts";
import { connectEvm, endpointHelp, endpointOptions, resolveEndpoints } from "../config/endpoints.ts";
import { intFlag, parseFlags } from "../config/flags.ts";
import { untilSignal, type Command, type FlagValues } from "./command.ts";

const distDir = path.resolve(import.meta.dirname, "../../../../app/dist");

const flagsSchema = z.object({
  port: intFlag(0, 65_535).default(0),
  // Repeatable; listed once each, in the order given.
  "task-family": z
    .array(z.string().refine((name) => taskFamilyName.safeParse(name).success, `a task family name of 1..${MAX_TASK_FAMILY_CHARS} characters`))
    .max(MAX_LISTED_TASK_FAMILIES, `at most ${MAX_LISTED_TASK_FAMILIES} task families`)
    .transform((names) => [...new Set(names)])
    .optional(),
  explorer: z.string().regex(/^https?:\/\/\S+$/, "an http(s) URL, e.g. https://sepolia.etherscan.io").optional(),
  "explorer-name": z.string().min(1).max(60).optional(),
  docs: z.string().regex(/^https?:\/\/\S+$/, "an http(s) URL, e.g. https://github.com/OWNER/concord/blob/main/docs").optional(),
});

/** `concord dapp`'s own flags, checked (a bad one is a UsageError naming it). */
export function dappFlags(raw: FlagValues) {
  return parseFlags(flagsSchema, raw);
}

export const dappCommand: Command = {
  name: "dapp",
  summary: "serve the dApp for a deployment (the devnet's, or another chain's record)",
  help: `usage: concord dapp [--port N] [--explorer URL [--explorer-name NAME]] [--docs URL] [--task-family NAME]... [--rpc URL | --chain-id N | --deployment FILE | --record FILE]

Serves app/dist (npm run build:app) with the deployment's config inlined, until Ctrl-C.

options:
  --port N             where to listen on 127.0.0.1 (default: a free port)
  --explorer URL       the block explorer the page links transactions and addresses to
                       (URL/tx/HASH, URL/address/ADDRESS; default: a known public one for the
                       chain, else the dApp's own views); --explorer-name names it (default: its host)
  --docs URL           where the page links the project's documents (URL/economics.md, e.g. the
                       repository's docs folder on the web; default: this server's read-only
                       copies at /docs/economics.md and /docs/protocol.md)
  --task-family NAME   a task family the page may show sessions' families by (repeatable, at
                       most ${MAX_LISTED_TASK_FAMILIES}): the chain keeps only keccak256(NAME), so a family
                       whose hash matches none of these (nor a name this browser submitted)
                       shows as its short hash
${endpointHelp(23)}

example:
  concord dapp --rpc https://sepolia.example --explorer https://sepolia.etherscan.io --task-family arithmetic`,
  options: { ...endpointOptions, port: { type: "string" }, explorer: { type: "string" }, "explorer-name": { type: "string" }, docs: { type: "string" }, "task-family": { type: "string", multiple: true } },
  positionals: { min: 0, max: 0 },
  async run(rawFlags) {
    const flags = dappFlags(rawFlags);
    const endpoints = await resolveEndpoints(rawFlags, { nats: false });
    // Refuses a node on another chain than the record's before serving anything.
    const { chain } = await connectEvm(endpoints);
    const explorer = flags.explorer === undefined ? undefined : { name: flags["explorer-name"] ?? new URL(flags.explorer).host, url: flags.explorer };
    const docs = flags.docs === undefined ? undefined : { url: flags.docs };
    const server = await startDappServer({ distDir, deployment: endpoints.deployment, chain, port: flags.port, explorer, docs, taskFamilies: flags["task-family"] });
    console.log(`dApp for chain ${endpoints.deployment.chainId} at ${server.url}`);
    const signal = await untilSignal();
    await server.close();
    return signal === "SIGINT" ? 130 : 143;
  },
};
