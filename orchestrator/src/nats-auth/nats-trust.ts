// The stack's NATS trust chain (decentralized JWT auth, nats-server's operator mode): an operator
// that signs two accounts, the system account (server requests: claim updates) and the agents'
// account with JetStream, where every user of the stack lives. Users are JWTs the agents' account
// signs; revoking one is a new account JWT with the user in its `revocations`, pushed to the
// running server (account-update.ts), so nothing restarts. Keys live in this process only.
import { encodeAccount, encodeOperator, encodeUser } from "@nats-io/jwt";
import { createAccount, createOperator, createUser, type KeyPair } from "@nats-io/nkeys";
import { nativeKeyPair } from "@concord/agent-sdk/agent";
import type { NatsJwtAuth } from "@concord/agent-sdk/protocol";

/** What a user may do, as nats-server's permissions say it (subjects.ts builds these). */
export interface NatsPermissions {
  publish: string[];
  subscribe: string[];
  /** May reply once to a request it received (nats-server's allow_responses), nothing more. */
  allowResponses?: boolean;
}

// nats-server 2.9 reads a limit left out of a claim as 0 (no connections, no subscriptions):
// every limit is stated, -1 meaning none.
const UNLIMITED_USER = { subs: -1, data: -1, payload: -1 };
const UNLIMITED_ACCOUNT = { ...UNLIMITED_USER, imports: -1, exports: -1, wildcards: true, conn: -1, leaf: -1 };
const JETSTREAM = {
  mem_storage: -1, disk_storage: -1, streams: -1, consumer: -1, max_ack_pending: -1,
  mem_max_stream_bytes: -1, disk_max_stream_bytes: -1, max_bytes_required: false,
};

export interface NatsTrust {
  /** The operator JWT, the system account's public key and every account JWT: the server's config. */
  readonly operatorJwt: string;
  readonly systemAccount: string;
  readonly agentsAccount: string;
  accountJwts(): Promise<Record<string, string>>;
  /**
   * A user of the agents' account. Given `userKey` (a public nkey whose seed someone else holds),
   * the JWT is for that key and `seed` is absent; otherwise a fresh key pair is made here.
   * Without `permissions` the user is unrestricted. `expiresAt`: unix seconds.
   */
  issueUser(name: string, options?: { permissions?: NatsPermissions; userKey?: string; expiresAt?: number }): Promise<{ jwt: string; seed?: string; userKey: string }>;
  /** A user of the system account: may publish claim updates (the revocation push). */
  systemUser(): Promise<NatsJwtAuth>;
  /** Adds users to the agents' account's revocations; returns the re-signed account JWT to push. */
  revoke(userKeys: readonly string[]): Promise<string>;
}

export async function createNatsTrust(): Promise<NatsTrust> {
  // Native signing (native-nkeys.ts): every JWT below is signed by one of these.
  const operator = nativeKeyPair(createOperator());
  const system = nativeKeyPair(createAccount());
  const agents = nativeKeyPair(createAccount());
  const revocations: Record<string, number> = {};
  const operatorJwt = await encodeOperator("concord", operator, { system_account: system.getPublicKey() });
  const agentsJwt = () =>
    encodeAccount("concord-agents", agents, { limits: { ...UNLIMITED_ACCOUNT, ...JETSTREAM }, revocations: { ...revocations } }, { signer: operator });
  return {
    operatorJwt,
    systemAccount: system.getPublicKey(),
    agentsAccount: agents.getPublicKey(),
    async accountJwts() {
      const systemJwt = await encodeAccount("SYS", system, { limits: UNLIMITED_ACCOUNT }, { signer: operator });
      return { [system.getPublicKey()]: systemJwt, [agents.getPublicKey()]: await agentsJwt() };
    },
    async issueUser(name, options = {}) {
      const fresh: KeyPair | undefined = options.userKey === undefined ? createUser() : undefined;
      const userKey = options.userKey ?? fresh!.getPublicKey();
      const jwt = await encodeUser(name, userKey, agents, { ...UNLIMITED_USER, ...permissionClaims(options.permissions) }, {
        ...(options.expiresAt === undefined ? {} : { exp: options.expiresAt }),
      });
      return { jwt, userKey, ...(fresh ? { seed: new TextDecoder().decode(fresh.getSeed()) } : {}) };
    },
    async systemUser() {
      const user = createUser();
      const jwt = await encodeUser("concord-system", user, system, UNLIMITED_USER);
      return { jwt, seed: new TextDecoder().decode(user.getSeed()) };
    },
    async revoke(userKeys) {
      // nats-server refuses a user whose JWT was issued at or before its revocation time.
      const now = Math.floor(Date.now() / 1000);
      for (const key of userKeys) revocations[key] = now;
      return agentsJwt();
    },
  };
}

function permissionClaims(permissions: NatsPermissions | undefined) {
  if (permissions === undefined) return {};
  // An empty allow list is not "nothing" to every nats-server version: say deny-all outright.
  const side = (subjects: readonly string[]) => (subjects.length === 0 ? { deny: [">"] } : { allow: [...subjects] });
  return {
    pub: side(permissions.publish),
    sub: side(permissions.subscribe),
    ...(permissions.allowResponses ? { resp: { max: 1, ttl: 0 } } : {}),
  };
}
