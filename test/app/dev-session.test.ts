import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { devAccountStorageKey, rememberDevAccount, rememberedDevAccount, type StorageLike } from "@concord/app/lib/dev-session.ts";
import { devAccounts, DEVNET_CHAIN_ID } from "@concord/app/lib/devAccounts.ts";

function memoryStorage(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

describe("app/lib/dev-session", () => {
  const account = devAccounts(DEVNET_CHAIN_ID)[3]!;
  it("remembers the connected dev account's address (not its key) and forgets it on disconnect", () => {
    const storage = memoryStorage();
    rememberDevAccount(storage, account.address);
    assert.equal(storage.data.get(devAccountStorageKey), account.address);
    assert.deepEqual(rememberedDevAccount(storage, DEVNET_CHAIN_ID), account);
    rememberDevAccount(storage, undefined);
    assert.equal(rememberedDevAccount(storage, DEVNET_CHAIN_ID), undefined);
  });
  it("reconnects nothing on another chain, for a stranger's address, or when storage throws", () => {
    const storage = memoryStorage();
    rememberDevAccount(storage, account.address);
    assert.equal(rememberedDevAccount(storage, 1), undefined);
    storage.data.set(devAccountStorageKey, "0x0000000000000000000000000000000000000001");
    assert.equal(rememberedDevAccount(storage, DEVNET_CHAIN_ID), undefined);
    const broken: StorageLike = { getItem: () => { throw new Error("denied"); }, setItem: () => { throw new Error("denied"); }, removeItem: () => {} };
    assert.doesNotThrow(() => rememberDevAccount(broken, account.address));
    assert.equal(rememberedDevAccount(broken, DEVNET_CHAIN_ID), undefined);
  });
});
