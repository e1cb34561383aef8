// docs/protocol.md's worked examples ("Signatures, byte by byte") recomputed from the doc's own
// text: every printed value follows from the key and inputs printed beside it, by plain viem
// primitives, and the SDK produces the same bytes. A value edited in the doc, or a change in how
// the SDK signs, fails here.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import {
  concat, encodeAbiParameters, keccak256, padHex, recoverMessageAddress, serializeSignature, stringToBytes, stringToHex, toHex, type Address, type Hex,
} from "viem";
import { privateKeyToAccount, sign } from "viem/accounts";
import {
  AGENT_KEY_TYPE_STRING, BALLOT_TYPE_STRING, DECLINE_TYPE_STRING, encodeMessage, endorsementsToVotes, heartbeat, packBallot, proposalHash, recoverBallotSigner, recoverPayloadSigner,
  roundProposalsHash, signAgentKey, signBallot, signDecline, signPayload,
} from "@concord/agent-sdk/protocol";
import { field, workedExample } from "../support/doc-blocks.ts";

const doc = path.resolve(import.meta.dirname, "../../docs/protocol.md");
const signedMessage = workedExample(doc, "message-signature");
const ballot = workedExample(doc, "ballot");
const agentKey = workedExample(doc, "agent-key");
const decline = workedExample(doc, "decline");
const key = field(signedMessage, "private key") as Hex;

async function signHash(hash: Hex): Promise<Hex> {
  return serializeSignature(await sign({ hash, privateKey: key }));
}

/** The standard EIP-712 domain separator, by hand: keccak256(abi.encode(typeHash, name, version "1", chainId, contract)). */
function eip712DomainSeparator(name: string, chainId: number, contract: Address): Hex {
  const domainType = keccak256(stringToBytes("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"));
  return keccak256(encodeAbiParameters(
    [{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }, { type: "uint256" }, { type: "address" }],
    [domainType, keccak256(stringToBytes(name)), keccak256(stringToBytes("1")), BigInt(chainId), contract],
  ));
}

describe("docs/protocol.md, worked examples", () => {
  describe("a signed message", () => {
    const payload = field(signedMessage, "payload");
    const bytes = stringToBytes(payload);
    const digest = keccak256(bytes);
    const prefix = field(signedMessage, 'EIP-191 prefix ("\\x19Ethereum Signed Message:\\n32")') as Hex;

    it("prints the key's address, and the payload's exact bytes and length", () => {
      assert.equal(privateKeyToAccount(key).address, field(signedMessage, "signer"));
      assert.equal(toHex(bytes), field(signedMessage, "payload bytes"));
      assert.equal(bytes.length, Number(field(signedMessage, "payload length")));
      // The payload is byte for byte what the SDK publishes for this heartbeat.
      assert.equal(toHex(encodeMessage(heartbeat, JSON.parse(payload))), toHex(bytes));
    });

    it("prints keccak256 of the bytes, the EIP-191 prefix for 32 bytes, and the hash that is signed", () => {
      assert.equal(digest, field(signedMessage, "digest = keccak256(payload bytes)"));
      assert.equal(prefix, stringToHex("\x19Ethereum Signed Message:\n32"));
      assert.equal(keccak256(concat([prefix, digest])), field(signedMessage, "signed hash = keccak256(prefix ‖ digest)"));
    });

    it("prints the header the SDK sends, which signs the raw digest and recovers to the signer; the digest's hex text would not", async () => {
      const header = field(signedMessage, "Concord-Signature") as Hex;
      assert.equal(await signHash(keccak256(concat([prefix, digest]))), header);
      assert.equal(await signPayload(privateKeyToAccount(key), bytes), header);
      assert.equal(await recoverPayloadSigner(bytes, header), field(signedMessage, "signer"));
      assert.notEqual(await recoverMessageAddress({ message: digest, signature: header }), field(signedMessage, "signer"));
    });
  });

  describe("a ballot (EIP-712)", () => {
    const sessionId = BigInt(field(ballot, "sessionId"));
    const round = Number(field(ballot, "round"));
    const chainId = Number(field(ballot, "chainId"));
    const sessions = field(ballot, "Sessions") as Address;
    const proposal = (who: "own" | "other") => ({
      salt: field(ballot, `${who} salt`) as Hex,
      thoughtProcess: field(ballot, `${who} thoughtProcess`),
      solution: field(ballot, `${who} solution`),
    });
    const hashOf = (p: ReturnType<typeof proposal>) => keccak256(encodeAbiParameters(
      [{ type: "uint256" }, { type: "uint32" }, { type: "bytes32" }, { type: "string" }, { type: "string" }],
      [sessionId, round, p.salt, p.thoughtProcess, p.solution],
    ));
    const own = hashOf(proposal("own"));
    const other = hashOf(proposal("other"));
    const ascending = BigInt(own) < BigInt(other) ? [own, other] : [other, own];

    it("prints both proposal hashes as abi.encode gives them, and as the SDK does", () => {
      assert.equal(own, field(ballot, "own proposalHash"));
      assert.equal(other, field(ballot, "other proposalHash"));
      assert.equal(proposalHash(sessionId, round, proposal("own").salt, proposal("own")), own);
    });

    it("prints the QV votes, packed as int8 in ascending hash order, and the hash of the list", () => {
      const endorsement = Number(field(ballot, "endorsement of other"));
      const credits = Number(field(ballot, "voteCredits"));
      // One candidate holds all of Σ|w|: isqrt(⌊w · credits / w⌋).
      const vote = Math.sign(endorsement) * Math.floor(Math.sqrt(Math.floor((Math.abs(endorsement) * credits) / Math.abs(endorsement))));
      assert.deepEqual(endorsementsToVotes([endorsement], BigInt(credits)), [vote]);
      const votes = ascending.map((h) => (h === other ? vote : 0));
      assert.equal(votes.join(", "), field(ballot, "votes in ascending hash order"));
      const packed = toHex(Uint8Array.from(votes, (v) => v & 0xff));
      assert.equal(packed, field(ballot, "votes"));
      assert.equal(packBallot([own, other], new Map([[other, vote]])), packed);
      const listHash = keccak256(concat(ascending));
      assert.equal(listHash, field(ballot, "proposalsHash = keccak256(other proposalHash ‖ own proposalHash)"));
      assert.equal(roundProposalsHash([own, other]), listHash);
      assert.equal(ascending[0], other, "the doc says the other proposal's hash is the lower");
    });

    it("prints the type hash, domain separator, struct hash, digest and signature, and the SDK signs the same", async () => {
      const typeHashLabel = `typeHash = keccak256("${BALLOT_TYPE_STRING}")`;
      const typeHash = keccak256(stringToBytes(BALLOT_TYPE_STRING));
      assert.equal(typeHash, field(ballot, typeHashLabel));
      const domainSeparator = eip712DomainSeparator("Concord Sessions", chainId, sessions);
      assert.equal(domainSeparator, field(ballot, 'domainSeparator (name "Concord Sessions", version "1", chainId, Sessions)'));
      const votes = field(ballot, "votes") as Hex;
      const votesWord = field(ballot, "votes word (left-aligned, zero after)") as Hex;
      assert.equal(votesWord, padHex(votes, { dir: "right", size: 32 }));
      const proposalsHash = keccak256(concat(ascending));
      const structHash = keccak256(encodeAbiParameters(
        [{ type: "bytes32" }, { type: "uint256" }, { type: "uint32" }, { type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }],
        [typeHash, sessionId, round, own, proposalsHash, votesWord],
      ));
      assert.equal(structHash, field(ballot, "structHash = keccak256(abi.encode(typeHash, sessionId, round, own proposalHash, proposalsHash, votes word))"));
      const digest = keccak256(concat(["0x1901", domainSeparator, structHash]));
      assert.equal(digest, field(ballot, "digest = keccak256(0x1901 ‖ domainSeparator ‖ structHash)"));
      const signature = field(ballot, "signature") as Hex;
      assert.equal(await signHash(digest), signature);
      const contract = { chainId, address: sessions };
      const message = { sessionId, round, proposalHash: own, proposalsHash, votes };
      assert.equal(await signBallot(privateKeyToAccount(key), contract, message), signature);
      assert.equal(await recoverBallotSigner(contract, message, signature), field(signedMessage, "signer"));
    });
  });

  describe("a decline (EIP-712)", () => {
    it("prints the type hash, domain separator, struct hash, digest and signature, and the SDK signs the same", async () => {
      const chainId = Number(field(decline, "chainId"));
      const sessions = field(decline, "Sessions") as Address;
      const sessionId = BigInt(field(decline, "sessionId"));
      const typeHash = keccak256(stringToBytes(DECLINE_TYPE_STRING));
      assert.equal(typeHash, field(decline, `typeHash = keccak256("${DECLINE_TYPE_STRING}")`));
      const domainSeparator = eip712DomainSeparator("Concord Sessions", chainId, sessions);
      assert.equal(domainSeparator, field(decline, 'domainSeparator (name "Concord Sessions", version "1", chainId, Sessions)'));
      const structHash = keccak256(encodeAbiParameters([{ type: "bytes32" }, { type: "uint256" }], [typeHash, sessionId]));
      assert.equal(structHash, field(decline, "structHash = keccak256(abi.encode(typeHash, sessionId))"));
      const digest = keccak256(concat(["0x1901", domainSeparator, structHash]));
      assert.equal(digest, field(decline, "digest = keccak256(0x1901 ‖ domainSeparator ‖ structHash)"));
      const signature = field(decline, "signature") as Hex;
      assert.equal(await signHash(digest), signature);
      assert.equal(await signDecline(privateKeyToAccount(key), { chainId, address: sessions }, sessionId), signature);
    });
  });

  describe("a signing key's consent to registration (EIP-712 AgentKey)", () => {
    it("prints the type hash, domain separator, struct hash, digest and signature, and the SDK signs the same", async () => {
      const chainId = Number(field(agentKey, "chainId"));
      const registry = field(agentKey, "AgentRegistry") as Address;
      const operator = field(agentKey, "operator") as Address;
      const modelId = field(agentKey, "modelId");
      assert.equal(privateKeyToAccount(key).address, field(agentKey, "signer"));
      const typeHash = keccak256(stringToBytes(AGENT_KEY_TYPE_STRING));
      assert.equal(typeHash, field(agentKey, `typeHash = keccak256("${AGENT_KEY_TYPE_STRING}")`));
      const domainSeparator = eip712DomainSeparator("Concord AgentRegistry", chainId, registry);
      assert.equal(domainSeparator, field(agentKey, 'domainSeparator (name "Concord AgentRegistry", version "1", chainId, AgentRegistry)'));
      const structHash = keccak256(encodeAbiParameters(
        [{ type: "bytes32" }, { type: "address" }, { type: "address" }, { type: "bytes32" }],
        [typeHash, operator, field(agentKey, "signer") as Address, keccak256(stringToBytes(modelId))],
      ));
      assert.equal(structHash, field(agentKey, "structHash = keccak256(abi.encode(typeHash, operator, signer, keccak256(modelId)))"));
      const digest = keccak256(concat(["0x1901", domainSeparator, structHash]));
      assert.equal(digest, field(agentKey, "digest = keccak256(0x1901 ‖ domainSeparator ‖ structHash)"));
      const signature = field(agentKey, "signature") as Hex;
      assert.equal(await signHash(digest), signature);
      assert.equal(await signAgentKey(privateKeyToAccount(key), { chainId, address: registry }, { operator, modelId }), signature);
    });
  });
});
