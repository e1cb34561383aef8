// The JobRequest a submitter signs for POST /api/jobs: its declared type string is the one its
// digest is built from, and every field it binds (deployment, session, task, effort) changes it.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  concat, encodeAbiParameters, hashDomain, hashTypedData, keccak256, recoverTypedDataAddress, stringToBytes, type Address,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  JOB_REQUEST_EIP712_NAME, JOB_REQUEST_EIP712_VERSION, JOB_REQUEST_TYPE_STRING, jobRequestTypedData, jobRequestTypes,
} from "@concord/agent-sdk/protocol";

const SESSIONS: Address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const request = { chainId: 31337, sessions: SESSIONS, sessionId: 7n, task: "2 + 2?", effort: 0.5 };

describe("jobRequestTypedData", () => {
  it("names Concord, the chain and the Sessions contract in its domain, and hashes the task", () => {
    const typed = jobRequestTypedData(request);
    assert.deepEqual(typed.domain, { name: JOB_REQUEST_EIP712_NAME, version: JOB_REQUEST_EIP712_VERSION, chainId: 31337, verifyingContract: SESSIONS });
    assert.equal(typed.primaryType, "JobRequest");
    assert.deepEqual(typed.message, { sessionId: 7n, taskHash: keccak256(stringToBytes("2 + 2?")), effort: "0.5" });
  });

  it("is digested from the declared type string (EIP-712 by hand)", () => {
    const typed = jobRequestTypedData(request);
    const structHash = keccak256(encodeAbiParameters(
      [{ type: "bytes32" }, { type: "uint256" }, { type: "bytes32" }, { type: "bytes32" }],
      [keccak256(stringToBytes(JOB_REQUEST_TYPE_STRING)), 7n, typed.message.taskHash, keccak256(stringToBytes("0.5"))],
    ));
    const domainSeparator = hashDomain({
      domain: { ...typed.domain, chainId: BigInt(typed.domain.chainId) },
      types: { EIP712Domain: [
        { name: "name", type: "string" }, { name: "version", type: "string" },
        { name: "chainId", type: "uint256" }, { name: "verifyingContract", type: "address" },
      ] },
    });
    assert.equal(hashTypedData(typed), keccak256(concat(["0x1901", domainSeparator, structHash])));
    assert.equal(jobRequestTypes.JobRequest.map((f) => `${f.type} ${f.name}`).join(","), "uint256 sessionId,bytes32 taskHash,string effort");
  });

  it("binds every field: another deployment, session, task or effort is another digest", () => {
    const digest = hashTypedData(jobRequestTypedData(request));
    const variants = [
      { chainId: 1 }, { sessions: "0x0000000000000000000000000000000000000001" as Address }, { sessionId: 8n },
      { task: "2 + 2 ?" }, { effort: 0.01 }, { effort: 1 },
    ];
    for (const change of variants) {
      assert.notEqual(hashTypedData(jobRequestTypedData({ ...request, ...change })), digest, JSON.stringify(change, (_k, v) => (typeof v === "bigint" ? String(v) : v)));
    }
  });

  it("prints the effort as JavaScript does, so a JSON round trip signs the same text", () => {
    for (const effort of [1, 0.6, 0.01, 0.1 + 0.2]) {
      const sent = JSON.parse(JSON.stringify({ effort })).effort as number;
      assert.equal(jobRequestTypedData({ ...request, effort: sent }).message.effort, String(effort));
    }
    assert.equal(jobRequestTypedData({ ...request, effort: 1 }).message.effort, "1");
  });

  it("recovers to the account that signed it", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const typed = jobRequestTypedData(request);
    const signature = await account.signTypedData(typed);
    assert.equal(await recoverTypedDataAddress({ ...typed, signature }), account.address);
  });
});
