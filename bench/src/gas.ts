// `npm run bench:gas`: gas per recordRound (N = 3, 5, 8; round 1 and a later round), settle,
// claimRoyalty and claim on the compiled contracts, written to its section of docs/benchmarks.md next to the
// information floor of a round: 21 000 + 16·N·(32 + 65 + N) + 3 000·N.
import type {} from "@nomicfoundation/hardhat-toolbox-viem";
import { network } from "hardhat";
import { concat, encodeFunctionData, type Hex, zeroAddress } from "viem";
import { multicallSuffix, RECORD_ROUND_SELECTOR, SPLIT_TOTAL_BPS } from "@concord/agent-sdk/protocol";
import { benchSession } from "./gas-fixture.ts";
import { BENCHMARKS_DOC, writeSection } from "./doc-section.ts";
import { machineLine } from "./machine.ts";
import { linePlot } from "./svg-line-plot.ts";
import { writeFile } from "node:fs/promises";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

const SIZES = [3, 5, 8] as const;
const { viem } = await network.create();
const publicClient = await viem.getPublicClient();

export function roundFloor(n: number, batch = 1): number {
  return 21_000 / batch + 16 * n * (32 + 65 + n) + 3_000 * n;
}

async function gasOf(hash: Hex): Promise<number> {
  return Number((await publicClient.waitForTransactionReceipt({ hash })).gasUsed);
}

async function bench(n: number) {
  const { sessions, orchestrator, operators, createTx, recordRound, openSession, roundMessage } = await benchSession(viem, n);
  const gas: Record<string, number> = { createSession: await gasOf(createTx) };
  for (const round of [1, 2, 3]) gas[`round${round}`] = await gasOf(await recordRound(round));
  gas.settle = await gasOf(await sessions.write.settle([1n], { account: orchestrator!.account }));
  const split = { recipients: [operators[0]!.account.address], bps: [SPLIT_TOTAL_BPS] };
  gas.claimRoyalty = await gasOf(await sessions.write.claimRoyalty([1n, 0n, split], { account: operators[0]!.account }));
  gas.claim = await gasOf(await sessions.write.claim([zeroAddress], { account: operators[0]!.account }));
  // The other agents' claims in one Sessions.multicall, as the orchestrator sends them: gas per claim.
  const others = operators.slice(1).map((operator, i) => encodeFunctionData({
    abi: sessions.abi, functionName: "claimRoyalty", args: [1n, BigInt(i + 1), { recipients: [operator.account.address], bps: [SPLIT_TOTAL_BPS] }],
  }));
  gas.claimRoyaltyBatched = Math.round(await gasOf(await sessions.write.multicall({ account: orchestrator!.account, dataSuffix: multicallSuffix(others) })) / others.length);
  // Two later sessions (the first settlement's first writes behind them, as for any session but a
  // deployment's first): session 2 records round 2 and settles in two transactions, session 3 in one
  // Sessions.multicall, as the orchestrator sends a complete last round with its settlement.
  for (const id of [2n, 3n]) {
    await gasOf(await openSession());
    await gasOf(await recordRound(1, id));
  }
  gas.lastRoundThenSettle = await gasOf(await recordRound(2, 2n)) + await gasOf(await sessions.write.settle([2n], { account: orchestrator!.account }));
  const lastAndSettle = [concat([RECORD_ROUND_SELECTOR, await roundMessage(2, 3n)]), encodeFunctionData({ abi: sessions.abi, functionName: "settle", args: [3n] })];
  gas.lastRoundAndSettle = await gasOf(await sessions.write.multicall({ account: orchestrator!.account, dataSuffix: multicallSuffix(lastAndSettle) }));
  return gas;
}

/**
 * B sessions of N agents, round 1 recorded one by one, then every session's round 2 in one
 * Sessions.multicall and every settlement in another: gas per round and per settlement.
 */
async function benchBatch(n: number, batch: number) {
  const { sessions, orchestrator, openSession, roundMessage, recordRound } = await benchSession(viem, n);
  const ids = [1n];
  for (let i = 1; i < batch; i++) {
    await gasOf(await openSession());
    ids.push(BigInt(i + 1));
  }
  for (const id of ids) await gasOf(await recordRound(1, id));
  const calls = await Promise.all(ids.map(async (id) => concat([RECORD_ROUND_SELECTOR, await roundMessage(2, id)])));
  const rounds = await gasOf(await sessions.write.multicall({ account: orchestrator.account, dataSuffix: multicallSuffix(calls) }));
  const settles = ids.map((id) => encodeFunctionData({ abi: sessions.abi, functionName: "settle", args: [id] }));
  const settled = await gasOf(await sessions.write.multicall({ account: orchestrator.account, dataSuffix: multicallSuffix(settles) }));
  return { round: Math.round(rounds / batch), settle: Math.round(settled / batch) };
}

const rows: string[] = [];
const lines: string[] = [];
const measured: [n: number, gas: number, floor: number][] = [];
for (const n of SIZES) {
  const g = await bench(n);
  const floor = roundFloor(n);
  measured.push([n, g.round2!, floor]);
  const ratio = (g.round2! / floor).toFixed(2);
  lines.push(`recordRound N=${n}: ${g.round2} gas, floor ${floor}, ratio ${ratio}`);
  rows.push(`| ${n} | ${g.createSession} | ${g.round1} | ${g.round2} | ${g.round3} | ${floor} | ${ratio} | ${g.settle} | ${g.lastRoundAndSettle} (apart: ${g.lastRoundThenSettle}) | ${g.claimRoyalty} | ${g.claimRoyaltyBatched} | ${g.claim} |`);
}

const BATCH_N = 5;
const batchRounds = new Map<number, number>();
const batchLines: string[] = [];
const batchRows: string[] = [];
for (const batch of [1, 2, 4, 8]) {
  const g = await benchBatch(BATCH_N, batch);
  const floor = Math.round(roundFloor(BATCH_N, batch));
  batchLines.push(`recordRound batched B=${batch} N=${BATCH_N}: ${g.round} gas per round, floor ${floor}, ratio ${(g.round / floor).toFixed(2)}`);
  batchRows.push(`| ${batch} | ${g.round} | ${floor} | ${(g.round / floor).toFixed(2)} | ${g.settle} |`);
  batchRounds.set(batch, g.round);
}

// Why the batched goal (≤ 1.3 at B = 4) is out of reach while every round keeps its checks, from
// the unbatched N = 5 round measured above.
const single = measured.find(([n]) => n === BATCH_N)![1];
const beyond = single - roundFloor(BATCH_N);
const perRoundOverhead = batchRounds.get(8)! - (single - 21_000 + 21_000 / 8);
const bestAtFour = (single - 21_000 + 21_000 / 4) / roundFloor(BATCH_N, 4);
const allowedAtFour = Math.round(0.3 * roundFloor(BATCH_N, 4));
const BATCH_NOTE = `Batching shares only the transaction's base cost of 21 000; a round's checks cost the same in
a batch. Unbatched, a round at N = ${BATCH_N} spends ${beyond} gas beyond its information floor: the one
state slot's cold read and write (5 000), the RoundRecorded event (1 893), the digests and the
recovery loop (≈ 4 060), the tally, the median selection and the outcome (≈ 6 660) and the rest
(table below). The batch adds ${Math.round(perRoundOverhead)} gas per round of its own at B = 8 (a 3-byte length, a
calldata copy and a delegatecall per round; with an ABI bytes[], whose offsets, lengths and padding
add 64 to 95 bytes per call, it was 1 142). A batch of 4 with no overhead at all would reach
${bestAtFour.toFixed(2)}× (it is ${(batchRounds.get(4)! / roundFloor(BATCH_N, 4)).toFixed(2)}×); 1.3× would leave ${allowedAtFour} gas per round beyond the information, less than half of
what the checks cost now (the state write and the event alone are ≈ 6 900). So the goal of 1.3× at
B = 4 needs rounds whose checks are not all run on chain (an optimistic tally, recomputed only
when disputed), which this contract does not do. What batching does give: ${Math.round((1 - batchRounds.get(4)! / single) * 100)} % less gas per
round at B = 4, and one transaction (one nonce, one receipt) for B sessions.`;

await writeFile(path.join(root, "docs/benchmarks/gas.svg"), linePlot({
  title: "recordRound gas against the information floor",
  xLabel: "agents N", yLabel: "gas",
  series: [
    { name: "recordRound (later round, all checks on chain)", points: measured.map(([n, gas]) => [n, gas] as const) },
    { name: "information floor", points: measured.map(([n, , floor]) => [n, floor] as const) },
  ],
}));

const doc = `## Gas benchmarks

Written by \`npm run bench:gas\` (bench/src/gas.ts) on the Hardhat network with the compiled
contracts (solc 0.8.28, optimizer 1000 runs); ${machineLine()} (gas does not depend on it). Every agent attests and every vote is non-zero (the
worst case for a round); every signature and rule is checked on chain. The floor of a round is the
information it must carry and verify: 21 000 + 16 gas per byte (per agent: a 32-byte proposal hash,
a 65-byte signature and one vote byte per proposal) + 3 000 per ecrecover. Each ballot also signs
the round's proposalsHash, which the contract computes from the hashes already carried (one keccak
over 32·N bytes per round): verification work, not information, so the floor does not count it.

### recordRound, later round (the checked form)

\`\`\`
${lines.join("\n")}
\`\`\`

![recordRound gas against the floor](benchmarks/gas.svg)

### Batched: several sessions' rounds in one transaction

\`Sessions.multicall\` (its calls packed after the selector, each behind a 3-byte length) runs each
call by delegatecall to Sessions itself, so every round is
checked exactly as if it were sent alone (same msg.sender, same rules); B sessions of N = ${BATCH_N}
agents each record a later round in one transaction, and then settle in another. The floor of a
batched round shares the transaction's 21 000 among the B rounds: 21 000 / B + 16 · N · (97 + N) +
3 000 · N.

\`\`\`
${batchLines.join("\n")}
\`\`\`

| B | gas per round | floor per round | ratio | settle, per session |
|---|---|---|---|---|
${batchRows.join("\n")}

${BATCH_NOTE}

### All measured calls

| N | createSession | round 1 | round 2 | round 3 | floor | ratio (round 2) | settle | round 2 and settle in one multicall (apart), a later session | claimRoyalty (1 recipient) | claimRoyalty, the other agents' in one multicall (per claim) | claim (ETH) |
|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}

When a session's last round is complete, the orchestrator sends its record and the settlement in
one \`Sessions.multicall\` (each checked as if sent alone): the column gives that transaction's gas
against the two sent apart, both for a session settled after the deployment's first (whose
settlement pays the first writes of the treasury's balances, as the settle column does). Settlement does not touch royalty recipients: it credits the fee and what is unearned and emits the agents'
payouts; \`claimRoyalty\` splits one agent's payout among its recipients (≤ 8), paid by its caller
(most of its cost is the first write of the recipient's balance and of the distributed bitmap). The
orchestrator sends a session's claims in one \`Sessions.multicall\`, so they share the transaction's
21 000 base and the bitmap's first write.

### Where a round's gas goes (N = 5)

From an opcode trace of one later round (\`hardhat run bench/src/gas-trace.ts\`: each step's gas goes
to the function that ran it, through the compiler's source map; code the optimizer shares between
functions falls to the last row). One run, 65 826 gas: fresh signatures move the total by about ±60.

| part | gas |
|---|---|
| base transaction | 21 000 |
| calldata (552 bytes: 510 of ballots, 23 of round terms, the 4-byte selector, the 9-byte message head of session id and round, P and one agent-index byte per entry) | 8 532 |
| 5 × ecrecover (precompile + call) | 15 500 |
| live state: 1 cold read + 1 write of the one state slot | 5 000 |
| RoundRecorded event (2 topics, 3 words) | 1 893 |
| digests (2 keccaks per ballot, 1 per round for proposalsHash) and the rest of the recovery loop (index, order and low-s checks, each entry's agent and weight) | 4 060 |
| tally: per ballot the self-vote (and same-operator) test, Σ v², the weighted SWAR score sums and its column word | 3 167 |
| the median rule's selection: each proposal's two middle votes over every ballot at once (SWAR compare-exchanges in 16-bit lanes, three buffers at N = 5) | 1 837 |
| outcome: the levels clamped to [−L, L], then one loop for the winner, the scores, the levels and the quality lanes | 1 661 |
| the rest: dispatch, reading the message head, round shape (a zeroed memory struct), live key, round-window checks, the new state word, the event word | 3 176 |

What brought it from ≈ 3× to ≈ 1.5× at N = 5, every signature and rule still checked on chain:
one packed calldata blob in ascending hash order (no sort, no per-array ABI offsets); the signer set
and the session's fixed round terms (deadline, agent count, rounds, credits, operator groups, L,
absence grace) carried in calldata and folded into the storage key — keccak256(sessionId ‖ terms ‖
recovered signers) selects the session's live state, so a wrong signer or term finds no session and
no stored signer or term is read; everything a round changes (16-bit quality lanes, the dispute
window, round, winner, status) in one slot, non-zero from creation so round 1 costs what a later
round costs (this caps a session at 10 agents); the winner's proposal hash kept only in the
RoundRecorded event; the event packing scores, the present bitmap, the winner index and the levels
in one word; the hot loops in inline assembly (the digest scratch written once per round with the
type hash, id, round, proposalsHash, 0x1901 and cached domain; ecrecover's failure read from its
return data; SWAR score sums in biased 16-bit lanes; one SWAR test per ballot for the self-vote and
same-operator rules; an unrolled Σ v²). The median rule then took it from 1.50× to 1.57× and the
evaluation weights to 1.60× (70 443 gas): the selection and the weighting are computation, not
information (the weights are 5 bytes of terms), so the floor stays where it was.

From 70 443 to 66 700–66 800 (1.51×; the zero bytes of fresh signatures move it by about ±60), the
floor unchanged: the votes signed as one bytes32 word, the packed votes left-aligned (one keccak
fewer per ballot; the EIP-712 Ballot type changed with it); the round number as RoundRecorded data
instead of a topic (−119: a data word costs 256, a topic 375; readers filter rounds after decoding);
each entry's weight put into its agent word by the recovery loop and Σ w taken by one
multiplication, and no group bytes built unless some operator has several agents (otherwise a
ballot's one forbidden vote is its own, tested as one byte); the score lanes in the columns' lane
order, one word, and one loop after the medians for the winner, the scores, the levels and the
quality lanes, each entry's lane shift read from a byte table; the outcome returned on the stack (a
memory struct was allocated and zeroed by callee and caller); one bitmap test for an agent index out
of range or repeated; the absent-signer loop skipped when every agent attested; the squares inline
instead of one Yul call each; unchecked additions where the state's fields bound them. Sessions'
bytecode went from 24 551 to 23 827 bytes (EIP-170: 24 576): the refused-round explanations moved to
RoundRefusals, a contract the Sessions constructor creates and calls only when a round is refused,
so no deployment changes.

From 66 700–66 800 to 65 800–65 900 (1.49×), the floor unchanged: \`recordRound\` takes no ABI
arguments. Its calldata is the selector and one packed message, \`sessionId:uint64 ‖ round:uint8 ‖
packed round\`, read with two calldata loads: no 32-byte words for the session id and the round, no
offset and length words for the blob, no padding, no ABI decoder (−933 gas; 124 fewer bytes, nearly
all zero). Callers send it with viem as \`{ functionName: "recordRound", args: [], dataSuffix }\`
(\`recordRoundMessage\`, sdk/protocol/round-packing.ts), and \`parseRecordRoundCall\` reads a
transaction's input back (the dApp's transaction view does). The 9 bytes of session id and round are
carried but, like the terms, not counted in the floor.

Weighed and not taken: the winner's hash could be left to the calldata (its index is in the outcome
word; −256) at the price of every reader fetching the transaction; the Round memory struct is
zeroed when allocated (≈ 190); 64-byte EIP-2098 signatures save 80 gas at N = 5 but lower the
floor by the same 80 (the floor would then count 64 bytes per signature), so the ratio does not move. A sum path for the median at P = 5 (the middle
two of four sum to Σ − min − max) measured no cheaper than the compare-exchanges, and solc's
constant optimizer turns a 32-byte lane mask used at more than about eight sites into a CODECOPY
(≈ 30 gas a use instead of 3), which limits how many SWAR helpers can be inlined.
`;
// Only the gas section of docs/benchmarks.md is replaced: the other benches own the rest.
await writeSection("gas", doc);
console.log(lines.join("\n"));
console.log(`[bench:gas] wrote the gas section of ${BENCHMARKS_DOC}`);
