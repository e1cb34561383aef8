// The dApp's split rules equal the contract's: seeded random splits (0..10 recipients, repeats, the
// zero address, unsorted, zero shares, totals off by a little, lengths that differ) are simulated
// as AgentRegistry.setSplit, and the custom error (or acceptance) compared with the page's mirror
// (app/src/lib/split-form.ts splitRevert); the editor's rows check (checkSplitRows) accepts exactly
// the splits the contract accepts once sorted, as the page sends them.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { BaseError, ContractFunctionRevertedError, zeroAddress, type Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { signAgentKey } from "@concord/agent-sdk/protocol";
import { bpsToPercent, checkSplitRows, splitRevert, type SplitValue } from "@concord/app/lib/split-form.ts";
import { seededRandom, type Random } from "../support/session-world.ts";

const { viem } = await network.create();
const SEED = Number(process.env.CONCORD_SPLIT_SEED ?? 0x59_117);
const CASES = 300;

function randomSplit(rng: Random, pool: readonly Address[]): SplitValue {
  const n = rng.next() < 0.05 ? 0 : rng.int(1, rng.next() < 0.15 ? 10 : 8);
  let recipients = Array.from({ length: n }, () => (rng.next() < 0.03 ? zeroAddress : pool[rng.int(0, pool.length - 1)]!));
  if (rng.next() < 0.7) recipients = [...new Set(recipients)].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  const m = recipients.length;
  // Shares that add up to 10 000 most of the time, then a nudge, a zero or a length change.
  const cuts = Array.from({ length: Math.max(0, m - 1) }, () => rng.int(0, 10_000)).sort((a, b) => a - b);
  let bps = m === 0 ? [] : [...cuts, 10_000].map((c, i) => c - (i === 0 ? 0 : cuts[i - 1]!));
  if (rng.next() < 0.6) bps = bps.map((b) => (b === 0 ? 1 : b)); // mostly non-zero...
  const fix = 10_000 - bps.reduce((a, b) => a + b, 0);
  if (m > 0 && fix !== 0 && rng.next() < 0.7) bps[bps.indexOf(Math.max(...bps))]! += fix; // ...and summing to 10 000
  if (m > 0 && rng.next() < 0.1) bps[rng.int(0, m - 1)]! += rng.next() < 0.5 ? 1 : -1;
  if (m > 0 && rng.next() < 0.1) bps[rng.int(0, m - 1)] = 0;
  if (rng.next() < 0.05) bps = rng.next() < 0.5 ? [...bps, 1] : bps.slice(1);
  return { recipients, bps: bps.map((b) => Math.max(0, Math.min(65_535, b))) };
}

describe("AgentRegistry", () => {
  describe("setSplit equals the dApp's split rules (app/src/lib/split-form.ts)", () => {
    it(`refuses and accepts ${CASES} random splits exactly as the page does (seed 0x${SEED.toString(16)})`, async () => {
      const rng = seededRandom(SEED);
      const registry = await viem.deployContract("AgentRegistry");
      const publicClient = await viem.getPublicClient();
      const [, operator] = await viem.getWalletClients();
      const key = privateKeyToAccount(generatePrivateKey());
      const consent = await signAgentKey(key, { chainId: await publicClient.getChainId(), address: registry.address }, { operator: operator!.account.address, modelId: "m" });
      await registry.write.registerAgent([key.address, "m", "", { recipients: [operator!.account.address], bps: [10_000] }, consent], { account: operator!.account });
      const pool = Array.from({ length: 6 }, () => privateKeyToAccount(generatePrivateKey()).address);
      const outcome = async (split: SplitValue) => {
        try {
          await registry.simulate.setSplit([1n, { recipients: [...split.recipients], bps: [...split.bps] }], { account: operator!.account.address });
          return undefined;
        } catch (error) {
          const revert = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
          assert.ok(revert instanceof ContractFunctionRevertedError && revert.data, `not a custom error: ${String(error)}`);
          return { name: revert.data.errorName, args: (revert.data.args ?? []).map((a) => (typeof a === "bigint" ? Number(a) : a)) };
        }
      };
      const seen = new Set<string>();
      const editor = new Set<boolean>();
      for (let i = 0; i < CASES; i++) {
        const split = randomSplit(rng, pool);
        const label = `case ${i}: ${JSON.stringify(split)}`;
        const contract = await outcome(split);
        const mirror = splitRevert(split);
        assert.deepEqual(mirror && { name: mirror.name, args: [...mirror.args] }, contract, label);
        seen.add(contract?.name ?? "accepted");
        // The editor's rows, in the person's order: accepted exactly when the sorted split is.
        if (split.recipients.length !== split.bps.length || split.bps.some((b) => b > 10_000)) continue;
        const rows = rng.shuffle(split.recipients.map((recipient, j) => ({ recipient, percent: bpsToPercent(split.bps[j]!) })));
        const checked = checkSplitRows(rows);
        editor.add(checked.ok);
        const sorted = [...split.recipients.keys()].sort((a, b) => (BigInt(split.recipients[a]!) < BigInt(split.recipients[b]!) ? -1 : BigInt(split.recipients[a]!) > BigInt(split.recipients[b]!) ? 1 : 0));
        const sent = { recipients: sorted.map((j) => split.recipients[j]!), bps: sorted.map((j) => split.bps[j]!) };
        const accepted = (await outcome(sent)) === undefined;
        assert.equal(checked.ok, accepted, `${label}: the editor says ${checked.ok ? "yes" : JSON.stringify(checked)}`);
        if (checked.ok) assert.deepEqual(checked.split.bps, sent.bps, label);
      }
      // Every rule was exercised, and acceptance too.
      for (const name of ["accepted", "SplitRecipientCount", "SplitLengthMismatch", "SplitRecipientOrder", "SplitZeroShare", "SplitTotal"]) {
        assert.ok(seen.has(name), `no case ended in ${name}`);
      }
      assert.deepEqual([...editor].sort(), [false, true], "the editor both refused and accepted");
    });
  });
});
