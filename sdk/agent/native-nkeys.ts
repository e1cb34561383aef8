// nkeys' key pairs sign with tweetnacl (pure JavaScript) and derive the ed25519 key pair from the
// seed again on every call: about 11 ms a signature and 4 ms a public key on this kind of machine.
// A stack's start issues a dozen user JWTs and opens several connections, each proving its nkey by
// signing the server's nonce: about 0.6 s of CPU. These key pairs sign with node:crypto's ed25519
// (the same signatures: ed25519 is deterministic) and derive their public and private keys once.
import { createPrivateKey, sign, type KeyObject } from "node:crypto";
import type { Authenticator } from "@nats-io/nats-core";
import { encode, fromSeed, type KeyPair } from "@nats-io/nkeys";

/** PKCS#8 DER for an ed25519 private key, up to its 32-byte seed (RFC 8410). */
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

interface WithRawSeed {
  getRawSeed(): Uint8Array;
}

/**
 * `pair` with signing by node:crypto and its public key derived once. nkeys' pairs expose their
 * decoded seed (`getRawSeed`) without declaring it in KeyPair: where a version lacks it, the pair
 * is returned as it is, slower but the same.
 */
export function nativeKeyPair(pair: KeyPair): KeyPair {
  const raw = (pair as Partial<WithRawSeed>).getRawSeed?.bind(pair);
  if (!raw) return pair;
  const privateKey: KeyObject = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, raw()]), format: "der", type: "pkcs8" });
  const publicKey = pair.getPublicKey();
  // Asked for by @nats-io/jwt before every JWT it signs (to check the key's kind): derived once, when first asked.
  let encodedPrivateKey: Uint8Array | undefined;
  let cleared = false;
  return {
    getPublicKey: () => publicKey,
    getPrivateKey: () => (encodedPrivateKey ??= pair.getPrivateKey()),
    getSeed: () => pair.getSeed(),
    sign: (input) => {
      // A cleared pair signs nothing, as nkeys' own (which throws its ClearedPair error).
      if (cleared) return pair.sign(input);
      return new Uint8Array(sign(null, input, privateKey));
    },
    verify: (input, signature) => pair.verify(input, signature),
    clear: () => {
      cleared = true;
      encodedPrivateKey = undefined;
      pair.clear();
    },
    seal: (input, recipient, nonce) => pair.seal(input, recipient, nonce),
    open: (message, sender) => pair.open(message, sender),
  };
}

/**
 * nats.js's jwtAuthenticator with a native key pair: the JWT, the user's public nkey and its
 * signature of the server's nonce (base64, as nats.js sends it).
 */
export function nativeJwtAuthenticator(jwt: string, seed: Uint8Array): Authenticator {
  const pair = nativeKeyPair(fromSeed(seed));
  return (nonce?: string) => ({
    jwt,
    nkey: pair.getPublicKey(),
    sig: nonce ? encode(pair.sign(new TextEncoder().encode(nonce))) : "",
  });
}
