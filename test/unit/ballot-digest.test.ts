// The ballot's EIP-712 digest, computed directly (ballotDigest), against viem's hashTypedData of
// the declared typed data: equal for ballots over the whole range of every field, refused where
// viem refuses, and signBallot's signature unchanged for an account that signs digests.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { concat, hashTypedData, keccak256, numberToHex, stringToHex, type Hex, type LocalAccount } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { keccakHex } from "@concord/agent-sdk/secp256k1";
import { ballotDigest, ballotTypedData, type BallotMessage, signBallot } from "@concord/agent-sdk/protocol";

const draw = (tag: string, i: number) => keccak256(concat([numberToHex(i, { size: 4 }), stringToHex(tag)]));
const contracts = [
  { chainId: 31337, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" },
  { chainId: 8453, address: "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512" },
] as const;
const ballotAt = (i: number): BallotMessage => ({
  sessionId: [0n, 1n, 2n ** 256n - 1n][i % 3] ?? BigInt(draw("session", i)),
  round: [0, 1, 2 ** 32 - 1, 7][i % 4]!,
  proposalHash: draw("own", i),
  proposalsHash: draw("list", i),
  votes: draw("votes", i).slice(0, 4 + 2 * (i % 32)) as Hex, // 1 to 32 bytes
});

describe("ballotDigest", () => {
  it("equals viem's hashTypedData of the ballot's typed data, field ranges and contracts included", () => {
    for (let i = 0; i < 300; i++) {
      const contract = contracts[i % 2]!;
      const ballot = ballotAt(i);
      const expected = hashTypedData(ballotTypedData(contract, ballot));
      assert.equal(ballotDigest(contract, ballot), expected, `ballot ${i}`);
      assert.equal(ballotDigest(contract, ballot, keccakHex), expected, `ballot ${i}, WASM keccak`);
    }
  });

  it("refuses what viem refuses: a round beyond uint32, a session id beyond uint256, short hashes, long votes", () => {
    const contract = contracts[0];
    const good = ballotAt(5);
    const bad: BallotMessage[] = [
      { ...good, round: 2 ** 32 },
      { ...good, round: -1 },
      { ...good, sessionId: 2n ** 256n },
      { ...good, proposalHash: "0x1234" },
      { ...good, proposalsHash: `${good.proposalsHash}00` as Hex },
      { ...good, votes: `0x${"01".repeat(33)}` },
    ];
    for (const ballot of bad) {
      assert.throws(() => hashTypedData(ballotTypedData(contract, ballot)));
      assert.throws(() => ballotDigest(contract, ballot));
    }
    // Stricter than viem, which hashes whatever characters it is given: a word that is not hex.
    for (const ballot of [{ ...good, votes: "0x01zz" as Hex }, { ...good, proposalHash: `0x${"g".repeat(64)}` as Hex }]) {
      assert.throws(() => ballotDigest(contract, ballot), /bytes32/);
    }
  });

  it("leaves signBallot's signature as signTypedData makes it", async () => {
    const account = privateKeyToAccount(draw("key", 1));
    const typedOnly: LocalAccount = { ...account, sign: undefined };
    for (let i = 0; i < 10; i++) {
      const ballot = ballotAt(i);
      const expected = await account.signTypedData(ballotTypedData(contracts[0], ballot));
      assert.equal(await signBallot(account, contracts[0], ballot), expected);
      assert.equal(await signBallot(account, contracts[0], ballot, keccakHex), expected);
      assert.equal(await signBallot(typedOnly, contracts[0], ballot), expected);
    }
  });
});
