import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { encodeEventTopics, encodeFunctionData, encodeAbiParameters, zeroAddress, type Address } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { packCalls, RECORD_ROUND_SELECTOR, recordRoundMessage, type Deployment } from "@concord/agent-sdk/protocol";
import { decodeCall, decodeEvents, knownContracts, valueText } from "@concord/app/lib/tx-view.ts";

const Sessions: Address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const deployment: Deployment = {
  chainId: 31337, rpcUrl: "http://127.0.0.1:8545", deployedAtBlock: "0",
  contracts: { Sessions, AgentRegistry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" },
};
const contracts = knownContracts(deployment);

describe("app/lib/tx-view", () => {
  it("decodes a call to a deployment contract by function and argument names", () => {
    const input = encodeFunctionData({ abi: sessionsAbi, functionName: "refund", args: [7n] });
    const call = decodeCall(contracts, Sessions, input);
    assert.ok(call);
    assert.equal(call.contract, "Sessions");
    assert.equal(call.functionName, "refund");
    assert.equal(call.args.length, 1);
    assert.equal(call.args[0]!.value, "7");
    assert.equal(decodeCall(contracts, zeroAddress, input), undefined, "an unknown contract stays raw");
    assert.equal(decodeCall(contracts, Sessions, "0x"), undefined, "a plain transfer has no call");
  });
  it("reads recordRound's packed message (it has no ABI arguments) as session, round and packed round", () => {
    const input = `${RECORD_ROUND_SELECTOR}${recordRoundMessage(258n, 3, "0x02aabb").slice(2)}` as const;
    const call = decodeCall(contracts, Sessions, input);
    assert.ok(call);
    assert.equal(call.functionName, "recordRound");
    assert.deepEqual(call.args, [{ name: "sessionId", value: "258" }, { name: "round", value: "3" }, { name: "packedRound", value: "0x02aabb" }]);
  });
  it("decodes Sessions.multicall call by call: a last round sent with its settlement", () => {
    const record = `${RECORD_ROUND_SELECTOR}${recordRoundMessage(9n, 2, "0x01cc").slice(2)}` as const;
    const settle = encodeFunctionData({ abi: sessionsAbi, functionName: "settle", args: [9n] });
    const call = decodeCall(contracts, Sessions, packCalls([record, settle, "0xdeadbeef"]));
    assert.ok(call);
    assert.equal(call.functionName, "multicall");
    assert.deepEqual(call.args, [
      { name: "call 1", value: "recordRound(sessionId 9, round 2, packedRound 0x01cc)" },
      { name: "call 2", value: "settle(sessionId 9)" },
      { name: "call 3", value: "0xdeadbeef" },
    ]);
  });
  it("decodes the events of known contracts and leaves others raw", () => {
    const submitter: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    const topics = encodeEventTopics({ abi: sessionsAbi, eventName: "SessionRefunded", args: { sessionId: 7n, submitter } });
    const data = encodeAbiParameters([{ type: "address" }, { type: "uint256" }], [zeroAddress, 5n]);
    const [event, raw] = decodeEvents(contracts, [
      { address: Sessions, data, topics: topics as `0x${string}`[], logIndex: 3 },
      { address: zeroAddress, data: "0x", topics: [] },
    ]);
    assert.equal(event!.eventName, "SessionRefunded");
    assert.equal(event!.index, 3);
    assert.deepEqual(event!.args, [
      { name: "sessionId", value: "7" }, { name: "submitter", value: submitter }, { name: "token", value: zeroAddress }, { name: "amount", value: "5" },
    ]);
    assert.equal(raw!.eventName, undefined);
  });
  it("writes nested values with their bigints as decimals", () => {
    assert.equal(valueText({ recipients: ["0xa"], bps: [10_000n] }), '{"recipients":["0xa"],"bps":["10000"]}');
    assert.equal(valueText(12n), "12");
  });
});
