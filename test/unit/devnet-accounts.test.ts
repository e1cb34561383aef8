// The devnet's accounts come from one derivation of hardhat's mnemonic: each must be the account
// viem's mnemonicToAccount derives (and hardhat funds), key and address.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { bytesToHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { DEVNET_MNEMONIC, devnetAccount, devnetPrivateKey } from "@concord/orchestrator/chain/clients.ts";

describe("devnetAccount", () => {
  it("derives hardhat's 20 funded accounts exactly as mnemonicToAccount does", () => {
    for (let index = 0; index < 20; index++) {
      const want = mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: index });
      assert.equal(devnetAccount(index).address, want.address, `account ${index}`);
      assert.equal(devnetPrivateKey(index), bytesToHex(want.getHdKey().privateKey!), `key ${index}`);
    }
    // Hardhat's account 0, as every hardhat node prints it.
    assert.equal(devnetAccount(0).address, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
  });
});
