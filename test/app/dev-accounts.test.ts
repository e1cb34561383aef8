import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { devAccounts, DEVNET_CHAIN_ID, findDevAccount } from "@concord/app/lib/devAccounts.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { bytesToHex } from "viem";

describe("app/lib/devAccounts", () => {
  it("holds the 20 keys of hardhat's test mnemonic, in index order", () => {
    const accounts = devAccounts(DEVNET_CHAIN_ID);
    assert.equal(accounts.length, 20);
    for (const [i, account] of accounts.entries()) {
      const fromMnemonic = devnetAccount(i);
      assert.equal(account.address, fromMnemonic.address, `account ${i}`);
      assert.equal(account.privateKey, bytesToHex(fromMnemonic.getHdKey().privateKey!), `key ${i}`);
    }
  });
  it("offers none on a chain other than the local devnet's", () => {
    assert.deepEqual(devAccounts(1), []);
    assert.equal(findDevAccount(1, devnetAccount(0).address), undefined);
  });
  it("finds an account by address, whatever its case", () => {
    const address = devnetAccount(9).address;
    assert.equal(findDevAccount(DEVNET_CHAIN_ID, address.toLowerCase() as typeof address)?.address, address);
  });
});
