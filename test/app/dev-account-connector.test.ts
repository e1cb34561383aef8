// The dev-account connector signs the job request in the page, with its local key, both through
// wagmi's signTypedData (the submit flow) and through its provider's own signing methods, which
// never reach the node (the dApp server's /rpc refuses them).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createConfig, http } from "wagmi";
import { connect, signMessage, signTypedData } from "wagmi/actions";
import { hardhat } from "viem/chains";
import { recoverMessageAddress, recoverTypedDataAddress, stringify, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { jobRequestTypedData } from "@concord/agent-sdk/protocol";
import { devAccountConnector } from "@concord/app/lib/devAccountConnector.ts";

const key = generatePrivateKey();
const account = privateKeyToAccount(key);
const typed = jobRequestTypedData({
  chainId: hardhat.id, sessions: "0x5FbDB2315678afecb367f032d93F642f64180aa3", sessionId: 7n, task: "2 + 2?", effort: 0.5,
});

async function connected() {
  // A node nobody listens on: signing must not need one.
  const config = createConfig({ chains: [hardhat], connectors: [devAccountConnector(key)], transports: { [hardhat.id]: http("http://127.0.0.1:9") } });
  const connector = config.connectors[0]!;
  await connect(config, { connector });
  return { config, connector };
}

describe("app/lib/devAccountConnector", () => {
  it("signs a job request with its own key through wagmi's signTypedData, and a message through signMessage", async () => {
    const { config } = await connected();
    const signature = await signTypedData(config, typed);
    assert.equal(await recoverTypedDataAddress({ ...typed, signature }), account.address);
    const message = await signMessage(config, { message: "hello" });
    assert.equal(await recoverMessageAddress({ message: "hello", signature: message }), account.address);
  });

  it("answers eth_signTypedData_v4 and personal_sign on its provider itself", async () => {
    const { connector } = await connected();
    const provider = (await connector.getProvider()) as { request(args: { method: string; params: unknown[] }): Promise<Hex> };
    const v4 = await provider.request({ method: "eth_signTypedData_v4", params: [account.address, stringify(typed)] });
    assert.equal(await recoverTypedDataAddress({ ...typed, signature: v4 }), account.address);
    const personal = await provider.request({ method: "personal_sign", params: ["0x68656c6c6f", account.address] });
    assert.equal(await recoverMessageAddress({ message: "hello", signature: personal }), account.address);
  });
});

describe("app/lib/devAccountConnector after a reload", () => {
  it("is restored by wagmi's reconnect when the account was connected before, and not otherwise", async () => {
    const { reconnect } = await import("wagmi/actions");
    const make = () => createConfig({ chains: [hardhat], connectors: [], transports: { [hardhat.id]: http("http://127.0.0.1:9") }, storage: null });
    const remembered = make();
    const restored = await reconnect(remembered, { connectors: [devAccountConnector(key, { authorized: true })] });
    assert.deepEqual(restored.map((c) => c.accounts[0]), [account.address]);
    assert.equal(remembered.state.status, "connected");
    const stranger = make();
    assert.deepEqual(await reconnect(stranger, { connectors: [devAccountConnector(key)] }), []);
    assert.equal(stranger.state.status, "disconnected");
  });
});
