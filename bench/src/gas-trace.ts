// `hardhat run bench/src/gas-trace.ts`: one N = 5 later round (as bench:gas records it), traced
// opcode by opcode and its gas attributed to source lines through the compiler's source map. A tool
// for finding gas, not a benchmark: it writes nothing.
import type {} from "@nomicfoundation/hardhat-toolbox-viem";
import { network } from "hardhat";
import type { Hex } from "viem";
import { benchSession } from "./gas-fixture.ts";
import { readFile } from "node:fs/promises";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const N = Number(process.env.TRACE_N ?? 5);
// TRACE_UNLIMITED=1 lets a Sessions over the EIP-170 limit deploy, to measure a change before making room.
const { viem } = await network.create(process.env.TRACE_UNLIMITED ? { override: { allowUnlimitedContractSize: true } } : undefined);
const { publicClient, recordRound } = await benchSession(viem, N);
let last: Hex = "0x";
for (const round of [1, 2]) last = await recordRound(round);
const receipt = await publicClient.waitForTransactionReceipt({ hash: last });
const tx = await publicClient.getTransaction({ hash: last });
const data = Buffer.from(tx.input.slice(2), "hex");
const zeros = data.filter((b) => b === 0).length;
console.log(`gasUsed ${receipt.gasUsed}; calldata ${data.length} bytes (${zeros} zero): ${16 * (data.length - zeros) + 4 * zeros} gas`);

const trace: any = await publicClient.request({ method: "debug_traceTransaction" as never, params: [last, { disableStorage: true, disableMemory: true, disableStack: true }] as never });
const logs: { pc: number; op: string; gas: number; gasCost: number; depth: number }[] = trace.structLogs;

// The compiler output Sessions' artifact was built from (older build-info files may sit beside it).
const infoDir = path.join(root, "artifacts/build-info");
const { buildInfoId } = JSON.parse(await readFile(path.join(root, "artifacts/contracts/Sessions.sol/Sessions.json"), "utf8")) as { buildInfoId: string };
const outFile = `${buildInfoId}.output.json`;
const output = JSON.parse(await readFile(path.join(infoDir, outFile), "utf8")).output;
const sessionsOut = output.contracts["project/contracts/Sessions.sol"].Sessions.evm.deployedBytecode;
const code = Buffer.from(sessionsOut.object, "hex");
const pcToIndex = new Map<number, number>();
for (let pc = 0, i = 0; pc < code.length; i++) {
  pcToIndex.set(pc, i);
  const op = code[pc]!;
  pc += op >= 0x60 && op <= 0x7f ? op - 0x5e : 1;
}
const idToPath = new Map<number, string>();
for (const [p, s] of Object.entries(output.sources)) idToPath.set((s as { id: number }).id, p);
const entries: { s: number; l: number; f: number }[] = [];
let prev = { s: 0, l: 0, f: 0 };
for (const part of (sessionsOut.sourceMap as string).split(";")) {
  const [s, l, f] = part.split(":");
  prev = { s: s ? Number(s) : prev.s, l: l ? Number(l) : prev.l, f: f ? Number(f) : prev.f };
  entries.push(prev);
}
const lineOf = new Map<string, number[]>();
async function location(pc: number): Promise<string> {
  const e = entries[pcToIndex.get(pc) ?? -1];
  if (!e || e.f < 0) return "(generated)";
  const file = idToPath.get(e.f) ?? `#${e.f}`;
  if (!lineOf.has(file)) {
    const text = await readFile(path.join(root, file.replace(/^project\//, "")), "utf8").catch(() => "");
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
    lineOf.set(file, starts);
  }
  const starts = lineOf.get(file)!;
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1]! <= e.s) line++;
  return `${file.replace(/^project\//, "")}:${line + 1}`;
}

const byLine = new Map<string, number>();
const byOp = new Map<string, number>();
let total = 0;
for (let i = 0; i < logs.length; i++) {
  const l = logs[i]!;
  if (l.depth !== 1) continue;
  const next = logs.slice(i + 1).find((x) => x.depth === 1);
  const cost = next ? l.gas - next.gas : l.gasCost;
  total += cost;
  const where = await location(l.pc);
  byLine.set(where, (byLine.get(where) ?? 0) + cost);
  byOp.set(l.op, (byOp.get(l.op) ?? 0) + cost);
}
console.log(`execution ${total} gas (intrinsic and calldata: ${Number(receipt.gasUsed) - total})`);
const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k);
for (const [w, g] of top(byLine, Number(process.env.TRACE_LINES ?? 60))) console.log(String(g).padStart(6), w);
console.log("--- by opcode");
for (const [w, g] of top(byOp, 25)) console.log(String(g).padStart(6), w);
const byFile = new Map<string, number>();
for (const [w, g] of byLine) { const f = w.split(":")[0]!; byFile.set(f, (byFile.get(f) ?? 0) + g); }
console.log("--- by file");
for (const [w, g] of top(byFile, 20)) console.log(String(g).padStart(6), w);
if (process.env.TRACE_ALL) {
  console.log("--- every line, in file order");
  const key = (w: string) => { const [f, l] = w.split(":"); return [f ?? "", Number(l ?? 0)] as const; };
  for (const [w, g] of [...byLine].sort((a, b) => { const [fa, la] = key(a[0]); const [fb, lb] = key(b[0]); return fa === fb ? la - lb : fa < fb ? -1 : 1; })) console.log(String(g).padStart(6), w);
}
if (process.env.TRACE_SEQ) {
  console.log("--- in execution order (consecutive steps of one line merged)");
  let run: { where: string; gas: number; ops: string[] } | undefined;
  for (let i = 0; i < logs.length; i++) {
    const l = logs[i]!;
    if (l.depth !== 1) continue;
    const next = logs.slice(i + 1).find((x) => x.depth === 1);
    const cost = next ? l.gas - next.gas : l.gasCost;
    const where = await location(l.pc);
    if (run && run.where === where) { run.gas += cost; run.ops.push(l.op); continue; }
    if (run) console.log(String(run.gas).padStart(6), run.where, run.ops.join(" "));
    run = { where, gas: cost, ops: [l.op] };
  }
  if (run) console.log(String(run.gas).padStart(6), run.where, run.ops.join(" "));
}

// By function: each step goes to the innermost function (Solidity or assembly-block owner) whose
// source range holds it; compiler-generated steps go to the function of the step before them.
type Range = { start: number; end: number; file: number; name: string };
const ranges: Range[] = [];
function walk(node: unknown, file: number, owner: string): void {
  if (node === null || typeof node !== "object") return;
  const n = node as { nodeType?: string; name?: string; src?: string; kind?: string };
  let name = owner;
  if (n.nodeType === "ContractDefinition" && n.name) name = n.name;
  if (n.nodeType === "FunctionDefinition" && n.src) {
    const [start, length] = n.src.split(":").map(Number) as [number, number];
    const fn = `${owner}.${n.name || n.kind}`;
    ranges.push({ start, end: start + length, file, name: fn });
    name = fn;
  }
  for (const v of Object.values(node)) {
    if (Array.isArray(v)) v.forEach((c) => walk(c, file, name));
    else if (v && typeof v === "object") walk(v, file, name);
  }
}
for (const s of Object.values(output.sources) as { id: number; ast: unknown }[]) walk(s.ast, s.id, "");
const byFunction = new Map<string, number>();
let lastFn = "(dispatch)";
for (let i = 0; i < logs.length; i++) {
  const l = logs[i]!;
  if (l.depth !== 1) continue;
  const next = logs.slice(i + 1).find((x) => x.depth === 1);
  const cost = next ? l.gas - next.gas : l.gasCost;
  const e = entries[pcToIndex.get(l.pc) ?? -1];
  if (e && e.f >= 0) {
    let best: Range | undefined;
    for (const r of ranges) if (r.file === e.f && r.start <= e.s && e.s < r.end && (!best || r.end - r.start < best.end - best.start)) best = r;
    if (best) lastFn = best.name;
  }
  const key = `${lastFn}${l.op === "STATICCALL" || l.op.startsWith("LOG") || l.op === "SSTORE" || l.op === "SLOAD" || l.op === "KECCAK256" ? ` [${l.op}]` : ""}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + cost);
}
console.log("--- by function (opcodes that dominate a part in brackets)");
for (const [w, g] of top(byFunction, 60)) console.log(String(g).padStart(6), w);

// The parts of docs/benchmarks.md's "Where a round's gas goes" table, from the by-function split.
const part = (test: (fn: string) => boolean) => [...byFunction].filter(([fn]) => test(fn)).reduce((sum, [, g]) => sum + g, 0);
const recovery = part((f) => f.startsWith("RoundRecovery.") && !f.endsWith("[STATICCALL]"));
const parts: [string, number][] = [
  ["base transaction", 21_000],
  [`calldata (${data.length} bytes, ${zeros} zero)`, 16 * (data.length - zeros) + 4 * zeros],
  [`${N} × ecrecover (precompile + call)`, part((f) => f.endsWith("[STATICCALL]"))],
  ["live state: 1 cold read + 1 write of the one state slot", part((f) => f.endsWith("[SLOAD]") || f.endsWith("[SSTORE]"))],
  ["RoundRecorded event", part((f) => f.includes("[LOG"))],
  ["digests and the rest of the recovery loop", recovery],
  ["tally", part((f) => f === "RoundMath.tally")],
  ["median selection", part((f) => f === "RoundMath.medians")],
  ["outcome", part((f) => f === "RoundMath.outcome")],
];
const named = parts.reduce((sum, [, g]) => sum + g, 0);
parts.push(["the rest: dispatch, ABI decoding, round shape, live key, window checks, state word, event word", Number(receipt.gasUsed) - named]);
console.log(`--- parts (N = ${N}, total ${receipt.gasUsed})`);
for (const [what, g] of parts) console.log(String(g).padStart(6), what);
