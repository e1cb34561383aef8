// Turns NATS credentials into nats.js connect options, and reads/writes the standard `.creds`
// file (what `nsc` and `concord agent join` write): the user JWT and the nkey seed, armoured.
import { readFile } from "node:fs/promises";
import type { ConnectionOptions } from "@nats-io/nats-core";
import { ConcordError } from "../protocol/errors.ts";
import { isJwtAuth, type NatsAuth, type NatsJwtAuth } from "../protocol/nats-auth.ts";
import { nativeJwtAuthenticator } from "./native-nkeys.ts";

/** Spread into `connect({...})`: a password pair as is, a JWT user as an authenticator. */
export function natsAuthOptions(auth: NatsAuth | undefined): Partial<ConnectionOptions> {
  if (auth === undefined) return {};
  if (!isJwtAuth(auth)) return { user: auth.user, pass: auth.pass };
  return { authenticator: nativeJwtAuthenticator(auth.jwt, new TextEncoder().encode(auth.seed)) };
}

/** The `.creds` text of a JWT user, in the layout nats-server's tools write and read. */
export function formatCreds(auth: NatsJwtAuth): string {
  return [
    "-----BEGIN NATS USER JWT-----", auth.jwt, "------END NATS USER JWT------", "",
    "************************* IMPORTANT *************************",
    "NKEY Seed printed below can be used to sign and prove identity.",
    "NKEYs are sensitive and should be treated as secrets.", "",
    "-----BEGIN USER NKEY SEED-----", auth.seed, "------END USER NKEY SEED------", "",
  ].join("\n");
}

export function parseCreds(text: string): NatsJwtAuth | undefined {
  // The armour lines carry 5 or 6 dashes depending on the tool; only what is between them counts.
  const block = (label: string) => text.match(new RegExp(`-{3,}BEGIN ${label}-{3,}\\s*([^\\s-][^\\s]*)\\s*-{3,}END ${label}-{3,}`))?.[1];
  const jwt = block("NATS USER JWT");
  const seed = block("USER NKEY SEED");
  return jwt && seed?.startsWith("SU") ? { jwt, seed } : undefined;
}

/** Reads a `.creds` file; the error names the file (never its content: it holds a secret). */
export async function readCredsFile(file: string): Promise<NatsJwtAuth> {
  const text = await readFile(file, "utf8").catch((cause: unknown) => {
    throw new ConcordError("CONFIG_INVALID", `cannot read NATS credentials file ${file}`, { cause });
  });
  const auth = parseCreds(text);
  if (!auth) throw new ConcordError("CONFIG_INVALID", `${file} is not a NATS .creds file (a user JWT and a user nkey seed)`);
  return auth;
}
