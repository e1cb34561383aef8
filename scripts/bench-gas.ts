// `npm run bench:gas`: gas per recordRound (N = 3, 5, 8; round 1 and a later round), settle,
// claimRoyalty and claim on the compiled contracts, written to docs/benchmarks.md next to the
// information floor of a round: 21 000 + 16·N·(32 + 65 + N) + 3 000·N.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { network } from "hardhat";
import { type Hex, keccak256, parseEther, toHex, zeroAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { signBallot } from "../sdk/protocol/attestation.ts";
import { packBallot } from "../sdk/protocol/ballot.ts";
import { endorsementsToVotes } from "../sdk/protocol/qv.ts";
import { packFullRound } from "../sdk/protocol/round-packing.ts";

const SIZES = [3, 5, 8] as const;
const { viem } = await network.create();
const publicClient = await viem.getPublicClient();
const wallets = await viem.getWalletClients();

export function roundFloor(n: number): number {
  return 21_000 + 16 * n * (32 + 65 + n) + 3_000 * n;
}

async function gasOf(hash: Hex): Promise<number> {
  return Number((await publicClient.waitForTransactionReceipt({ hash })).gasUsed);
}

async function bench(n: number) {
  const [submitter, orchestrator, treasury] = wallets;
  const operators = wallets.slice(3, 3 + n);
  const registry = await viem.deployContract("AgentRegistry");
  const sessions = await viem.deployContract("Sessions", [registry.address, treasury!.account.address, 100n]);
  const signers = operators.map(() => privateKeyToAccount(generatePrivateKey()));
  for (const [i, signer] of signers.entries()) {
    const operator = operators[i]!.account;
    await registry.write.registerAgent([signer.address, "bench", "", { recipients: [operator.address], bps: [10_000] }], { account: operator });
  }
  const agentIds = signers.map((_, i) => BigInt(i + 1));
  const deadline = (await publicClient.getBlock()).timestamp + 86_400n;
  const create = await sessions.write.createSession([{
    token: zeroAddress, bounty: parseEther("1"), taskHash: keccak256(toHex("bench")), taskURI: "ipfs://bench",
    agentIds, orchestrator: orchestrator!.account.address, minRounds: 1, maxRounds: 3, voteCredits: 10_000, deadline,
  }], { account: submitter!.account, value: parseEther("1") });
  const gas: Record<string, number> = { createSession: await gasOf(create) };
  const contract = { chainId: await publicClient.getChainId(), address: sessions.address };
  const terms = await sessions.read.roundTerms([1n]);

  for (const round of [1, 2, 3]) {
    const hashes = signers.map((_, i) => keccak256(toHex(`round ${round} proposal ${i}`)));
    // Every evaluator endorses every other proposal (all votes non-zero: the worst case).
    const ballots = signers.map((_, e) => {
      const votes = endorsementsToVotes(signers.map((_, p) => (p === e ? 0 : 10 + ((e * 7 + p * 13 + round) % 60))));
      return packBallot(hashes, new Map(votes.map((v, p) => [hashes[p]!, v])));
    });
    const signatures = await Promise.all(signers.map((s, e) => signBallot(s, contract, { sessionId: 1n, round, proposalHash: hashes[e]!, votes: ballots[e]! })));
    gas[`round${round}`] = await gasOf(await sessions.write.recordRound([1n, round, packFullRound(hashes, ballots, signatures, terms)], { account: orchestrator!.account }));
  }
  gas.settle = await gasOf(await sessions.write.settle([1n], { account: orchestrator!.account }));
  const split = { recipients: [operators[0]!.account.address], bps: [10_000] };
  gas.claimRoyalty = await gasOf(await sessions.write.claimRoyalty([1n, 0n, split], { account: operators[0]!.account }));
  gas.claim = await gasOf(await sessions.write.claim([zeroAddress], { account: operators[0]!.account }));
  return gas;
}

const rows: string[] = [];
const lines: string[] = [];
for (const n of SIZES) {
  const g = await bench(n);
  const floor = roundFloor(n);
  const ratio = (g.round2! / floor).toFixed(2);
  lines.push(`recordRound N=${n}: ${g.round2} gas, floor ${floor}, ratio ${ratio}`);
  rows.push(`| ${n} | ${g.createSession} | ${g.round1} | ${g.round2} | ${g.round3} | ${floor} | ${ratio} | ${g.settle} | ${g.claimRoyalty} | ${g.claim} |`);
}

const doc = `# Gas benchmarks

Written by \`npm run bench:gas\` (scripts/bench-gas.ts) on the Hardhat network with the compiled
contracts (solc 0.8.28, optimizer 1000 runs). Every agent attests and every vote is non-zero (the
worst case for a round); every signature and rule is checked on chain. The floor of a round is the
information it must carry and verify: 21 000 + 16 gas per byte (per agent: a 32-byte proposal hash,
a 65-byte signature and one vote byte per proposal) + 3 000 per ecrecover.

## recordRound, later round (the checked form)

\`\`\`
${lines.join("\n")}
\`\`\`

## All measured calls

| N | createSession | round 1 | round 2 | round 3 | floor | ratio (round 2) | settle | claimRoyalty (1 recipient) | claim (ETH) |
|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}

Settlement does not touch royalty recipients: it credits the fee and dust and emits the agents'
payouts; \`claimRoyalty\` splits one agent's payout among its recipients (≤ 8), paid by its caller
(most of its cost is the first write of the recipient's balance and of the distributed bitmap).

## Where a round's gas goes (N = 5, from an opcode trace)

| part | gas |
|---|---|
| base transaction | 21 000 |
| calldata (676 bytes: 510 of ballots, the ABI head, P and one agent-index byte per entry) | ≈ 8 900 |
| 5 × ecrecover (precompile + call) | ≈ 15 500 |
| live state: 2 cold reads (core, support) + 2 writes, one per slot | ≈ 9 300 |
| last winner's proposal hash (kept in storage for getSession / the dApp) | ≈ 5 100 |
| RoundRecorded event (3 topics, 4 words) | ≈ 2 600 |
| digests (3 keccaks per ballot), the signer-set key, tally, outcome, checks | ≈ 19 000 |

What brought it from ≈ 3× to ≈ 1.85× at N = 5: one packed calldata blob in ascending hash order
(no sort, no per-array ABI offsets); the signer check folded into the storage key
(keccak256(sessionId ‖ recovered signers) selects the session's live state, so no stored signer is
read); all per-agent counters in two slots, each pre-set non-zero at creation so round 1 costs what a
later round costs; the event carrying packed int16 scores instead of arrays; the hot loops in
inline assembly (biased score lanes, one SWAR test per ballot for the self-vote and same-operator
rules). Every signature and rule is still checked on chain.

Not yet at the 1.5 target. The next steps, each measured or estimated from the trace: keep the
winner's proposal hash in the event only (−5 100; getSession would then stop returning it, and the
dApp would read it from the last RoundRecorded event); fold the session's immutable round terms
(deadline, maxRounds, credits, operator groups) into the storage key too, passed in calldata, and
pack support + backing + round state in one slot by capping sessions at 10 agents (−≈ 4 700); a
fully assembly recovery loop (−≈ 2 000). Together ≈ 69 800 gas, ratio ≈ 1.58; the last step would
have to come from the per-ballot hashing itself.
`;
const out = path.resolve(import.meta.dirname, "../docs/benchmarks.md");
await writeFile(out, doc);
console.log(lines.join("\n"));
console.log(`[bench:gas] wrote ${path.relative(process.cwd(), out)}`);
