// NATS credentials as the stack's record, the dApp's config and the agent runner carry them. A
// stack in operator mode (decentralized JWT auth, docs/protocol.md "NATS users") hands out a user
// JWT and the nkey seed that signs the server's connect nonce; a password pair remains for small
// servers that use nats-server's plain `authorization` block (tests, the fault suite's clusters).

/** A user of a plain `authorization` block. */
export interface NatsPasswordAuth {
  user: string;
  pass: string;
}

/** A JWT user: the user JWT the account signed, and the user's nkey seed (`SU…`), which proves the key. */
export interface NatsJwtAuth {
  jwt: string;
  seed: string;
}

export type NatsAuth = NatsPasswordAuth | NatsJwtAuth;

export function isJwtAuth(auth: NatsAuth): auth is NatsJwtAuth {
  return "jwt" in auth;
}
