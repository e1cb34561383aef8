// Sessions.failSession: the orchestrator declares a session that cannot run failed. Agents' signed
// declines that leave too few agents to attest a round refund the submitter at once (evidence);
// fewer only claim the failure, and the submitter's own refund is its consent.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Address, type Hex, concat, parseEther, zeroAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount, type LocalAccount } from "viem/accounts";
import {
  declinesRefund, decodedRevert, MAX_FAILURE_REASON_BYTES, packDeclines, sessionStatusCode, signDecline, type Decline,
} from "@concord/agent-sdk/protocol";
import {
  BOUNTY, buildRound, deploySessionFixture, roundArgs, roundHashes, type SessionFixture, type SessionsErrorName, recordCall,
} from "../support/contract-fixtures.ts";
import { deployWorld, openSession, type World, type WorldSession } from "../support/session-world.ts";

const { viem, networkHelpers } = await network.create();

/** What a claimed failure waits before its submitter may refund: the session's absenceGrace, at least 30 s (Sessions.failSession). */
const claimGrace = (absenceGrace: number) => Math.max(absenceGrace, 30);
const sessionFixture = () => deploySessionFixture(viem);
const ROUND = [[0, 80, -20], [50, 0, 50], [10, 90, 0]];

function reverts(f: Pick<SessionFixture, "sessions">, write: Promise<Hex>, error: SessionsErrorName, args: unknown[]) {
  return viem.assertions.revertWithCustomErrorWithArgs(write, f.sessions, error, args as never);
}

/** Agent i's decline of session `sessionId`, signed by `signer` on `f`'s Sessions. */
async function decline(f: Pick<SessionFixture, "chainId" | "sessions">, signer: LocalAccount, agentIndex: number, sessionId: bigint): Promise<Decline> {
  return { agentIndex, signature: await signDecline(signer, { chainId: f.chainId, address: f.sessions.address }, sessionId) };
}

/** The declines of agents `indexes` of the fixture's session, each by its own key. */
function declinesOf(f: SessionFixture, indexes: readonly number[], sessionId = f.sessionId): Promise<Decline[]> {
  return Promise.all(indexes.map((i) => decline(f, f.signers[i]!, i, sessionId)));
}

async function status(f: Pick<SessionFixture, "sessions">, sessionId: bigint) {
  return (await f.sessions.read.getSession([sessionId])).status;
}

describe("Sessions", () => {
  describe("failSession", () => {
    it("refunds the submitter at once when the declines leave too few agents to attest a round (2 of 3)", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const before = await f.publicClient.getBalance({ address: f.submitter.account.address });
      const write = f.sessions.write.failSession([f.sessionId, "agents refused the task", packDeclines(await declinesOf(f, [0, 2]))], { account: f.orchestrator.account });
      await viem.assertions.emitWithArgs(write, f.sessions, "SessionFailed", [f.sessionId, "agents refused the task", 0b101n, true]);
      assert.equal(await f.publicClient.getBalance({ address: f.submitter.account.address }) - before, BOUNTY);
      assert.equal(await f.publicClient.getBalance({ address: f.sessions.address }), 0n);
      assert.equal(await status(f, f.sessionId), sessionStatusCode("Refunded"));
      assert.equal(await f.sessions.read.failureClaimed([f.sessionId]), true);
    });

    it("emits SessionRefunded with the submitter and the bounty on the evidence path", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await viem.assertions.emitWithArgs(
        f.sessions.write.failSession([f.sessionId, "", packDeclines(await declinesOf(f, [0, 1, 2]))], { account: f.orchestrator.account }),
        f.sessions, "SessionRefunded", [f.sessionId, f.submitter.account.address, zeroAddress, BOUNTY],
      );
    });

    it("returns an ERC-20 bounty in its token", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      const token = await viem.deployContract("MockERC20", [0n]);
      await token.write.mint([f.submitter.account.address, parseEther("2")]);
      await token.write.approve([f.sessions.address, parseEther("2")], { account: f.submitter.account });
      await f.sessions.write.createSession([{ ...f.params, token: token.address, bounty: parseEther("2") }], { account: f.submitter.account });
      await f.sessions.write.failSession([2n, "provider unavailable", packDeclines(await declinesOf(f, [1, 2], 2n))], { account: f.orchestrator.account });
      assert.equal(await token.read.balanceOf([f.submitter.account.address]), parseEther("2"));
      assert.equal(await token.read.balanceOf([f.sessions.address]), 0n);
    });

    it("only claims the failure when the declines leave enough agents: the session stays open, the submitter may refund once the claim's grace passed", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await viem.assertions.emitWithArgs(
        f.sessions.write.failSession([f.sessionId, "agents silent", packDeclines(await declinesOf(f, [1]))], { account: f.orchestrator.account }),
        f.sessions, "SessionFailed", [f.sessionId, "agents silent", 0b10n, false],
      );
      const claimedAt = (await f.publicClient.getBlock()).timestamp;
      const after = claimedAt + BigInt(claimGrace(f.params.absenceGrace));
      assert.equal(await status(f, f.sessionId), sessionStatusCode("Open"));
      assert.equal(await f.sessions.read.failureClaimed([f.sessionId]), true);
      assert.equal(await f.sessions.read.refundAfter([f.sessionId]), after, "the claim's grace, sooner than the deadline");
      assert.equal(await f.publicClient.getBalance({ address: f.sessions.address }), BOUNTY);
      await reverts(f, f.sessions.write.refund([f.sessionId], { account: f.stranger.account }), "NotSubmitter", [f.sessionId, f.stranger.account.address]);
      await reverts(f, f.sessions.write.refund([f.sessionId], { account: f.orchestrator.account }), "NotSubmitter", [f.sessionId, f.orchestrator.account.address]);
      await reverts(f, f.sessions.write.refund([f.sessionId], { account: f.submitter.account }), "RefundTooEarly", [f.sessionId, after]);
      await networkHelpers.time.increaseTo(after + 1n);
      await viem.assertions.emitWithArgs(
        f.sessions.write.refund([f.sessionId], { account: f.submitter.account }),
        f.sessions, "SessionRefunded", [f.sessionId, f.submitter.account.address, zeroAddress, BOUNTY],
      );
      assert.equal(await status(f, f.sessionId), sessionStatusCode("Refunded"));
    });

    it("claims the failure with no declines at all", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      assert.equal(await f.sessions.read.failureClaimed([f.sessionId]), false);
      await reverts(f, f.sessions.write.refund([f.sessionId], { account: f.submitter.account }), "RefundTooEarly", [f.sessionId, f.deadline]);
      await viem.assertions.emitWithArgs(
        f.sessions.write.failSession([f.sessionId, "orchestrator gave up", "0x"], { account: f.orchestrator.account }),
        f.sessions, "SessionFailed", [f.sessionId, "orchestrator gave up", 0n, false],
      );
      await networkHelpers.time.increase(claimGrace(f.params.absenceGrace));
      await f.sessions.write.refund([f.sessionId], { account: f.submitter.account });
      assert.equal(await status(f, f.sessionId), sessionStatusCode("Refunded"));
    });

    it("gives the agents the claim's grace to record their round: a submitter's own orchestrator cannot claim and refund ahead of it", async () => {
      // The submitter names an orchestrator it controls; the agents finish round 1 and sign it;
      // the orchestrator claims a failure instead of recording it, and the submitter races to refund.
      for (const absenceGrace of [0, 120]) {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await f.sessions.write.createSession([{ ...f.params, absenceGrace, minRounds: 1, maxRounds: 1 }], { account: f.submitter.account, value: BOUNTY });
        const built = await buildRound(f, 2n, 1, roundHashes(1), ROUND);
        const relayed = recordCall(await roundArgs(f, 2n, 1, built), { account: f.stranger.account });
        await f.sessions.write.failSession([2n, "no reason", "0x"], { account: f.orchestrator.account });
        // The submitter's refund in the same block as the claim, or right after it, fails…
        await reverts(f, f.sessions.write.refund([2n], { account: f.submitter.account }), "RefundTooEarly", [2n, await f.sessions.read.refundAfter([2n])]);
        // …and within the grace an agent (anyone) records the complete round, withdrawing the claim.
        await networkHelpers.time.increase(claimGrace(absenceGrace) - 2);
        await f.sessions.write.recordRound(relayed);
        assert.equal(await f.sessions.read.failureClaimed([2n]), false, `absenceGrace ${absenceGrace}`);
        await assert.rejects(f.sessions.write.refund([2n], { account: f.submitter.account }), `absenceGrace ${absenceGrace}: minRounds reached, never refunded`);
        await f.sessions.write.settle([2n], { account: f.stranger.account });
        assert.equal(await status(f, 2n), sessionStatusCode("Settled"));
      }
    });

    it("refunds on a later call whose declines suffice", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await f.sessions.write.failSession([f.sessionId, "one refused", packDeclines(await declinesOf(f, [0]))], { account: f.orchestrator.account });
      await viem.assertions.emitWithArgs(
        f.sessions.write.failSession([f.sessionId, "two refused", packDeclines(await declinesOf(f, [2, 0]))], { account: f.orchestrator.account }),
        f.sessions, "SessionFailed", [f.sessionId, "two refused", 0b101n, true],
      );
      assert.equal(await status(f, f.sessionId), sessionStatusCode("Refunded"));
    });

    it("leaves a claimed session open to rounds; a recorded round withdraws the claim", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await f.sessions.write.createSession([{ ...f.params, minRounds: 2 }], { account: f.submitter.account, value: BOUNTY });
      await f.sessions.write.failSession([2n, "slow start", "0x"], { account: f.orchestrator.account });
      const built = await buildRound(f, 2n, 1, roundHashes(1), ROUND);
      await f.sessions.write.recordRound(recordCall(await roundArgs(f, 2n, 1, built), { account: f.stranger.account }));
      assert.equal((await f.sessions.read.getSession([2n])).roundsRecorded, 1);
      assert.equal(await f.sessions.read.failureClaimed([2n]), false);
      const { deadline } = await f.sessions.read.getSession([2n]);
      await reverts(f, f.sessions.write.refund([2n], { account: f.submitter.account }), "RefundTooEarly", [2n, deadline]);
    });

    it("ends a two-agent session on one decline", async () => {
      const f = await networkHelpers.loadFixture(sessionFixture);
      await f.sessions.write.createSession([{ ...f.params, agentIds: [1n, 2n] }], { account: f.submitter.account, value: BOUNTY });
      await f.sessions.write.failSession([2n, "", packDeclines(await declinesOf(f, [1], 2n))], { account: f.orchestrator.account });
      assert.equal(await status(f, 2n), sessionStatusCode("Refunded"));
    });

    describe("reverts", () => {
      it("for anyone but the orchestrator", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const declines = packDeclines(await declinesOf(f, [0, 1, 2]));
        for (const account of [f.submitter.account, f.stranger.account, f.operators[0]!.account]) {
          await reverts(f, f.sessions.write.failSession([f.sessionId, "", declines], { account }), "NotOrchestrator", [f.sessionId, account.address]);
        }
      });

      it("for an unknown, a settled or a refunded session", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await reverts(f, f.sessions.write.failSession([9n, "", "0x"], { account: f.orchestrator.account }), "UnknownSession", [9n]);
        const built = await buildRound(f, f.sessionId, 1, roundHashes(1), ROUND);
        await f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 1, built), { account: f.orchestrator.account }));
        await f.sessions.write.settle([f.sessionId], { account: f.orchestrator.account });
        await reverts(f, f.sessions.write.failSession([f.sessionId, "", "0x"], { account: f.orchestrator.account }), "SessionNotOpen", [f.sessionId, sessionStatusCode("Settled")]);
        await f.sessions.write.createSession([f.params], { account: f.submitter.account, value: BOUNTY });
        await f.sessions.write.failSession([2n, "", packDeclines(await declinesOf(f, [0, 1], 2n))], { account: f.orchestrator.account });
        await reverts(f, f.sessions.write.failSession([2n, "", "0x"], { account: f.orchestrator.account }), "SessionNotOpen", [2n, sessionStatusCode("Refunded")]);
      });

      it("once minRounds are recorded: that work is settled, not refunded", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const built = await buildRound(f, f.sessionId, 1, roundHashes(1), ROUND);
        await f.sessions.write.recordRound(recordCall(await roundArgs(f, f.sessionId, 1, built), { account: f.orchestrator.account }));
        const declines = packDeclines(await declinesOf(f, [0, 1, 2]));
        await reverts(f, f.sessions.write.failSession([f.sessionId, "", declines], { account: f.orchestrator.account }), "RefundAfterMinRounds", [f.sessionId, 1, 1]);
      });

      it("for a reason longer than MAX_FAILURE_REASON_BYTES (in bytes, not characters)", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const long = "é".repeat(MAX_FAILURE_REASON_BYTES / 2) + "x"; // 2 bytes per é
        await reverts(f, f.sessions.write.failSession([f.sessionId, long, "0x"], { account: f.orchestrator.account }), "FailureReasonTooLong", [BigInt(MAX_FAILURE_REASON_BYTES + 1), BigInt(MAX_FAILURE_REASON_BYTES)]);
        await f.sessions.write.failSession([f.sessionId, "x".repeat(MAX_FAILURE_REASON_BYTES), "0x"], { account: f.orchestrator.account });
        assert.equal(await f.sessions.read.failureClaimed([f.sessionId]), true);
      });

      it("for declines that are not whole 66-byte entries", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const packed = packDeclines(await declinesOf(f, [0]));
        await reverts(f, f.sessions.write.failSession([f.sessionId, "", concat([packed, "0x00"])], { account: f.orchestrator.account }), "DeclinesLength", [67n]);
      });

      it("for a repeated agent", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const [d] = await declinesOf(f, [1]);
        await reverts(f, f.sessions.write.failSession([f.sessionId, "", packDeclines([d!, d!])], { account: f.orchestrator.account }), "DuplicateDecline", [1n]);
      });

      it("for a decline by another key, for another session, out of range, or high-s", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        const expected = f.signers[0]!.address;
        const stranger = privateKeyToAccount(generatePrivateKey());
        const fail = (d: Decline) => f.sessions.write.failSession([f.sessionId, "", packDeclines([d])], { account: f.orchestrator.account });
        await reverts(f, fail(await decline(f, stranger, 0, f.sessionId)), "InvalidDecline", [0n, stranger.address, expected]);
        // Agent 1's key signed for agent 0's index: the index names whose key must have signed.
        await reverts(f, fail(await decline(f, f.signers[1]!, 0, f.sessionId)), "InvalidDecline", [0n, f.signers[1]!.address, expected]);
        const other = await decline(f, f.signers[0]!, 0, 2n);
        // Signed for session 2: it recovers to some address that is not agent 0's key.
        const refused = await fail(other).then(() => undefined, (e: unknown) => decodedRevert(e));
        assert.equal(refused?.errorName, "InvalidDecline");
        assert.equal(refused?.args[0], 0n);
        assert.notEqual(refused?.args[1], expected);
        await reverts(f, fail(await decline(f, f.signers[0]!, 3, f.sessionId)), "InvalidDecline", [3n, expected, zeroAddress]);
        const d = await decline(f, f.signers[0]!, 0, f.sessionId);
        await reverts(f, fail({ agentIndex: 0, signature: highS(d.signature) }), "InvalidDecline", [0n, zeroAddress, expected]);
      });

      it("for a retired agent's decline (its session key is address(0))", async () => {
        const f = await networkHelpers.loadFixture(sessionFixture);
        await f.registry.write.retireAgent([1n], { account: f.operators[0]!.account });
        await f.sessions.write.refreshSigner([f.sessionId, 0n]);
        const d = await decline(f, f.signers[0]!, 0, f.sessionId);
        await reverts(f, f.sessions.write.failSession([f.sessionId, "", packDeclines([d])], { account: f.orchestrator.account }), "InvalidDecline", [0n, f.signers[0]!.address, zeroAddress]);
      });
    });
  });

  describe("failSession: who can move money (exhaustive for n = 3 and 5)", () => {
    type Caller = "orchestrator" | "submitter" | "agent" | "stranger";
    type Variant = "valid" | "wrong signer" | "other session" | "duplicate index";
    const callers: Caller[] = ["orchestrator", "submitter", "agent", "stranger"];
    const variants: Variant[] = ["valid", "wrong signer", "other session", "duplicate index"];

    /** A world with one open 3-agent and one open 5-agent session (distinct operators), and a third session to sign "other session" declines for. */
    async function worldFixture() {
      const w = await deployWorld(viem);
      const three = await openSession(w, [0, 1, 2]);
      const five = await openSession(w, [3, 4, 5, 6, 7]);
      const other = await openSession(w, [0, 1, 2]);
      return { w, sessions: { 3: three, 5: five } as Record<number, WorldSession>, other };
    }

    async function declinesFor(w: World, s: WorldSession, subset: number[], variant: Variant, otherId: bigint): Promise<Decline[]> {
      const ref = { chainId: w.chainId, address: w.sessions.address };
      const signed = await Promise.all(subset.map(async (i) => ({ agentIndex: i, signature: await signDecline(s.signers[i]!, ref, s.sessionId) })));
      const first = subset[0] ?? 0;
      switch (variant) {
        case "valid":
          return signed;
        case "wrong signer":
          return [{ agentIndex: first, signature: await signDecline(privateKeyToAccount(generatePrivateKey()), ref, s.sessionId) }, ...signed.slice(1)];
        case "other session":
          return [{ agentIndex: first, signature: await signDecline(s.signers[first]!, ref, otherId) }, ...signed.slice(1)];
        case "duplicate index": {
          const d = signed[0] ?? { agentIndex: first, signature: await signDecline(s.signers[first]!, ref, s.sessionId) };
          return signed.length > 0 ? [...signed, d] : [d, d];
        }
      }
    }

    for (const n of [3, 5]) {
      it(`n = ${n}: money moves only to the submitter, only on evidence or on its own refund after a claim`, async () => {
        let cases = 0;
        for (let mask = 0; mask < 1 << n; mask++) {
          const subset = Array.from({ length: n }, (_, i) => i).filter((i) => (mask >> i) & 1);
          for (const caller of callers) {
            for (const variant of variants) {
              const { w, sessions, other } = await networkHelpers.loadFixture(worldFixture);
              const s = sessions[n]!;
              const account = {
                orchestrator: w.orchestrator.account, submitter: w.submitter.account,
                agent: w.operators[s.operators[0]!]!.account, stranger: w.stranger.account,
              }[caller];
              const watched: Address[] = [w.submitter.account.address, w.orchestrator.account.address, w.stranger.account.address, account.address, w.treasury.account.address];
              const held = await w.publicClient.getBalance({ address: w.sessions.address });
              const before = await balances(w, watched);
              const declines = await declinesFor(w, s, subset, variant, other.sessionId);
              const spent = new Map<Address, bigint>();
              const label = `n=${n} decliners=[${subset}] caller=${caller} variant=${variant}`;
              let accepted = true;
              try {
                const hash = await w.sessions.write.failSession([s.sessionId, "x", packDeclines(declines)], { account });
                await charge(w, spent, hash, account.address);
              } catch (error) {
                accepted = false;
                const name = decodedRevert(error)?.errorName;
                const expected = caller !== "orchestrator" ? "NotOrchestrator" : variant === "duplicate index" ? "DuplicateDecline" : "InvalidDecline";
                assert.equal(name, expected, label);
              }
              assert.equal(accepted, caller === "orchestrator" && variant === "valid", label);
              const evidence = accepted && declinesRefund(n, subset.length);
              const state = await w.sessions.read.getSession([s.sessionId]);
              assert.equal(state.status, sessionStatusCode(evidence ? "Refunded" : "Open"), label);
              assert.equal(await w.sessions.read.failureClaimed([s.sessionId]), accepted, label);
              // Nobody but the submitter can refund; the submitter can before the deadline only after a claim.
              for (const someone of [w.orchestrator.account, w.stranger.account, w.operators[s.operators[0]!]!.account]) {
                if (evidence) break;
                await assert.rejects(w.sessions.write.refund([s.sessionId], { account: someone }), label);
              }
              let refunded = evidence;
              if (accepted && !evidence) {
                // A claim alone: not even the submitter may refund before the agents had its grace
                // to record a round; then it may.
                await assert.rejects(w.sessions.write.refund([s.sessionId], { account: w.submitter.account }), (error) => decodedRevert(error)?.errorName === "RefundTooEarly", label);
                await networkHelpers.time.increase(claimGrace(s.params.absenceGrace));
              }
              if (!evidence) {
                try {
                  await charge(w, spent, await w.sessions.write.refund([s.sessionId], { account: w.submitter.account }), w.submitter.account.address);
                  refunded = true;
                } catch (error) {
                  assert.equal(decodedRevert(error)?.errorName, "RefundTooEarly", label);
                }
                assert.equal(refunded, accepted, label);
              }
              const after = await balances(w, watched);
              for (const [i, address] of watched.entries()) {
                const gain = after[i]! - before[i]! + (spent.get(address) ?? 0n);
                const owed = refunded && address === w.submitter.account.address ? s.params.bounty : 0n;
                assert.equal(gain, owed, `${label}: ${address} gained ${gain}`);
              }
              assert.equal(await w.publicClient.getBalance({ address: w.sessions.address }), held - (refunded ? s.params.bounty : 0n), `${label}: Sessions' balance`);
              cases++;
            }
          }
        }
        assert.equal(cases, (1 << n) * callers.length * variants.length);
      });
    }
  });
});

/** The same signature with s' = n − s and v flipped: valid for ecrecover, refused as malleable. */
function highS(signature: Hex): Hex {
  const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
  const r = signature.slice(2, 66);
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130, 132), 16);
  return `0x${r}${(N - s).toString(16).padStart(64, "0")}${(v === 27 ? 28 : 27).toString(16)}`;
}

async function balances(w: World, addresses: readonly Address[]): Promise<bigint[]> {
  return Promise.all(addresses.map((address) => w.publicClient.getBalance({ address })));
}

/** Adds what transaction `hash` cost `payer` in gas to `spent`. */
async function charge(w: World, spent: Map<Address, bigint>, hash: Hex, payer: Address): Promise<void> {
  const receipt = await w.publicClient.waitForTransactionReceipt({ hash });
  spent.set(payer, (spent.get(payer) ?? 0n) + receipt.gasUsed * receipt.effectiveGasPrice);
}
