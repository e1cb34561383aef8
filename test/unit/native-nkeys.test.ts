// Native nkey pairs (node:crypto's ed25519) sign exactly as nkeys' own pairs do: ed25519 is
// deterministic, so the signatures are the same bytes, and nkeys verifies them.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createAccount, createOperator, createUser, encode, fromPublic, fromSeed } from "@nats-io/nkeys";
import { nativeJwtAuthenticator, nativeKeyPair } from "@concord/agent-sdk/agent";

const message = new TextEncoder().encode("a server nonce, or a JWT's header and claims");

describe("nativeKeyPair", () => {
  for (const [role, create] of [["operator", createOperator], ["account", createAccount], ["user", createUser]] as const) {
    it(`${role}: same public key and the same signature bytes as nkeys, which verifies it`, () => {
      const original = create();
      const native = nativeKeyPair(original);
      assert.notEqual(native, original, "the native path is taken (nkeys still exposes its decoded seed)");
      assert.equal(native.getPublicKey(), original.getPublicKey());
      assert.deepEqual(native.getSeed(), original.getSeed());
      assert.deepEqual(native.getPrivateKey(), original.getPrivateKey());
      assert.deepEqual(native.getPrivateKey(), original.getPrivateKey(), "asked again: the same key");
      const signature = native.sign(message);
      assert.deepEqual(signature, original.sign(message));
      assert.ok(fromPublic(native.getPublicKey()).verify(message, signature));
      assert.ok(!fromPublic(native.getPublicKey()).verify(new TextEncoder().encode("another message"), signature));
      native.clear();
      assert.throws(() => native.sign(message), "a cleared pair signs nothing");
      assert.throws(() => native.getPrivateKey());
    });
  }
});

describe("nativeJwtAuthenticator", () => {
  it("answers the server's nonce as nats.js does: the JWT, the public nkey and the nonce's signature in base64", () => {
    const user = createUser();
    const auth = nativeJwtAuthenticator("a.user.jwt", user.getSeed())("server-nonce-1");
    assert.deepEqual(auth, {
      jwt: "a.user.jwt", nkey: user.getPublicKey(), sig: encode(fromSeed(user.getSeed()).sign(new TextEncoder().encode("server-nonce-1"))),
    });
    assert.deepEqual(nativeJwtAuthenticator("a.user.jwt", user.getSeed())(), { jwt: "a.user.jwt", nkey: user.getPublicKey(), sig: "" }, "no nonce, no signature");
  });
  it("refuses a seed that is not one", () => {
    assert.throws(() => nativeJwtAuthenticator("a.user.jwt", new TextEncoder().encode("SUNOTASEED")));
  });
});
