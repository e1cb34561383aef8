import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { walletChoices, walletGate } from "@concord/app/lib/wallets.ts";

const icon = "data:image/svg+xml;base64,PHN2Zy8+";
const generic = { uid: "u0", id: "injected", name: "Injected", type: "injected" };
const rabby = { uid: "u1", id: "io.rabby", name: "Rabby Wallet", type: "injected", icon };
const metamask = { uid: "u2", id: "io.metamask", name: "MetaMask", type: "injected", icon: "https://tracker.example/icon.png" };
const mock = { uid: "u3", id: "mock", name: "Mock Connector", type: "mock" };

describe("app/lib/wallets", () => {
  it("lists every EIP-6963 wallet by name, with a data: icon only, and hides the generic connector then", () => {
    assert.deepEqual(walletChoices([generic, rabby, metamask, mock], true), [
      { uid: "u1", name: "Rabby Wallet", icon },
      { uid: "u2", name: "MetaMask", icon: undefined },
    ]);
  });
  it("lists a wallet announced twice once", () => {
    assert.deepEqual(walletChoices([rabby, { ...rabby, uid: "u9" }], false).map((w) => w.uid), ["u1"]);
  });
  it("falls back to the generic injected connector only when window.ethereum exists", () => {
    assert.deepEqual(walletChoices([generic, mock], true), [{ uid: "u0", name: "Browser wallet", icon: undefined }]);
    assert.deepEqual(walletChoices([generic, mock], false), []);
  });
  it("gates pages on a connection to the deployment's chain", () => {
    assert.deepEqual(walletGate("disconnected", undefined, undefined, 31337), { kind: "disconnected" });
    assert.deepEqual(walletGate("connected", "0x00000000000000000000000000000000000000aa", 1, 31337), { kind: "wrong-chain", connected: 1, expected: 31337 });
    assert.deepEqual(walletGate("connected", "0x00000000000000000000000000000000000000aa", 31337, 31337), { kind: "ready", account: "0x00000000000000000000000000000000000000aa" });
    assert.deepEqual(walletGate("reconnecting", "0x00000000000000000000000000000000000000aa", 31337, 31337), { kind: "disconnected" });
  });
});
