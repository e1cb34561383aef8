// The devnet's hardhat node prints no line per JSON-RPC call: nothing reads them, and printing and
// reading them cost CPU on every call. Turned back on, the node logs again (so the check below is
// not blind): its output is in order, so a call made before that would have printed first.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { connectChain, devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { setCallLogging, startHardhatNode, type LocalEvm } from "@concord/orchestrator/devnet/hardhat-node.ts";

describe("hardhat node", () => {
  let evm: LocalEvm;
  let onLine: (line: string) => void = () => {};
  before(async () => {
    evm = await startHardhatNode({ onLine: (line) => onLine(line) });
  });
  after(async () => {
    await evm?.stop();
  });

  it("does not print the calls it serves, transactions included, once it is ready", async () => {
    const clients = await connectChain(evm.rpcUrl);
    const wallet = clients.walletFor(devnetAccount(0));
    const hash = await wallet.sendTransaction({ to: devnetAccount(1).address, value: 1n });
    await clients.publicClient.waitForTransactionReceipt({ hash });
    await clients.publicClient.getBlockNumber();

    // A call no other line names, made after logging came back on: once the node printed it, it
    // had printed whatever it would of the calls before (awaited, not slept).
    await setCallLogging(evm.rpcUrl, true);
    const printed = new Promise<void>((resolve) => (onLine = (line) => void (/net_version/.test(line) && resolve())));
    await clients.publicClient.request({ method: "net_version" });
    await printed;
    const before = evm.output().slice(0, evm.output().search(/net_version/));
    assert.doesNotMatch(before, /eth_sendRawTransaction|eth_blockNumber|eth_getTransactionReceipt|Transaction:/);
  });
});
