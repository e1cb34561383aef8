// secp256k1 per call over keccak digests: the pure-JS libraries the round used (viem signing,
// @noble/curves checks) against libsecp256k1, native and in WASM (the SDK's secp256k1 module), interleaved
// call by call so both see the same machine state. Writes the signatures section of
// docs/benchmarks.md. Run: npm run bench:signatures [-- --calls 2000]
import { parseArgs } from "node:util";
import { secp256k1 } from "@noble/curves/secp256k1";
import { invert } from "@noble/curves/abstract/modular";
import { hexToBytes, keccak256, numberToHex, recoverAddress, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount, sign } from "viem/accounts";
import { verify as wasmVerify } from "tiny-secp256k1";
import { keccakBytes, recoverDigestAddress, secp256k1Backend, secp256k1Backends, signDigest, splitSignature } from "@concord/agent-sdk/secp256k1";
import { writeSection } from "./doc-section.ts";
import { machineLine } from "./machine.ts";
import { summarize } from "./stats.ts";

const { values } = parseArgs({ options: { calls: { type: "string", default: "2000" } } });
const CALLS = Number(values.calls);

/** bench:overhead on this machine around the change, recorded (not rerun): medians over runs, the machine shared (load 4–11). */
const BEFORE_AFTER = [
  "Round overhead (bench:overhead, protocol phases p50) when the round's signatures moved to WASM, 2026-12-06, medians of the runs' p50s:",
  "before (viem signing, @noble/curves checks; 4 runs) N=3 40.3 ms, N=5 50.5 ms, N=8 100.5 ms;",
  "after (5 runs) N=3 20.3 ms, N=5 36.2 ms, N=8 55.9 ms.",
  "When they moved from WASM to the native addon (and the devnet's node stopped printing every call), 2026-12-06, medians of the runs' round p50s:",
  "before (7 runs) N=3 14.5 ms, N=5 20.0 ms, N=8 33.1 ms; after (3 runs) N=3 9.9 ms, N=5 12.1 ms, N=8 17.9 ms. The latest run is in the Protocol overhead section.",
];
const now = secp256k1Backend.name === "native" ? "native addon" : "WASM";
const wasm = secp256k1Backends.wasm;
/** The address of an uncompressed key, as recoverDigestAddress derives it (lower case). */
const addressOf = (key: Uint8Array) => `0x${Buffer.from(keccakBytes(key.subarray(1)).subarray(12)).toString("hex")}`;

const privateKey = generatePrivateKey();
const account = privateKeyToAccount(privateKey);
const publicKey = hexToBytes(account.publicKey);
// The known key with precomputed multiples, as the orchestrator's pure-JS check kept it.
const nobleKey = secp256k1.ProjectivePoint.fromAffine(secp256k1.ProjectivePoint.fromHex(account.publicKey.slice(2)).toAffine());
nobleKey._setWindowSize(4);
/** The orchestrator's pure-JS check before WASM: R = (z·G + r·Q)/s with R.x = r and R's y parity = v. */
function nobleCheck(digest: Hex, signature: Hex): boolean {
  const { n } = secp256k1.CURVE;
  const r = BigInt(signature.slice(0, 66));
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const w = invert(s, n);
  const z = BigInt(digest) % n;
  const R = secp256k1.ProjectivePoint.BASE.multiply((z * w) % n).add(nobleKey.multiply((r * w) % n)).toAffine();
  return R.x === r && Number(R.y & 1n) === Number.parseInt(signature.slice(130), 16) - 27;
}
const digests = Array.from({ length: CALLS }, (_, i) => keccak256(numberToHex(i, { size: 32 })));
const signatures = digests.map((d) => signDigest(privateKey, d));

interface Row {
  label: string;
  fn: (i: number) => unknown;
  times: number[];
}
const rows: Row[] = [
  { label: "sign a digest: viem `sign` (pure JS, the agents before)", fn: (i) => sign({ hash: digests[i]!, privateKey, to: "hex" }), times: [] },
  { label: `sign a digest: \`signDigest\`, libsecp256k1 ${now} (the agents now)`, fn: (i) => signDigest(privateKey, digests[i]!), times: [] },
  { label: "sign a digest: libsecp256k1 WASM (where no addon loads)", fn: (i) => wasm.sign(hexToBytes(digests[i]!), hexToBytes(privateKey)), times: [] },
  { label: "check against a known key: @noble/curves, precomputed key (the orchestrator before)", fn: (i) => nobleCheck(digests[i]!, signatures[i]!), times: [] },
  {
    label: `check against a known address: ${now} recovery + address (the orchestrator now: exact, v included)`,
    fn: (i) => {
      const split = splitSignature(signatures[i]! as Hex)!;
      return recoverDigestAddress(digests[i]!, split.compact, split.recoveryId) === account.address;
    },
    times: [],
  },
  {
    label: "check against a known address: WASM recovery + address (where no addon loads)",
    fn: (i) => {
      const split = splitSignature(signatures[i]! as Hex)!;
      const key = wasm.recover(hexToBytes(digests[i]!), split.compact, split.recoveryId);
      return key !== null && addressOf(key) === account.address.toLowerCase();
    },
    times: [],
  },
  { label: "for reference: recover with viem `recoverAddress` (pure JS)", fn: (i) => recoverAddress({ hash: digests[i]!, signature: signatures[i]! }), times: [] },
  {
    label: "for reference: WASM verify against a known key (no v: not exact, unused)",
    fn: (i) => wasmVerify(hexToBytes(digests[i]!), publicKey, splitSignature(signatures[i]!)!.compact), times: [],
  },
];

const t0 = performance.now();
for (let i = 0; i < Math.min(100, CALLS); i++) for (const row of rows) await row.fn(i); // warm-up
for (let i = 0; i < CALLS; i++) {
  for (const row of rows) {
    const start = performance.now();
    await row.fn(i);
    row.times.push(performance.now() - start);
  }
}
const elapsed = (performance.now() - t0) / 1000;

const ms = (x: number) => `${x.toFixed(3)} ms`;
const table = [
  "| call | p50 | p99 |",
  "|---|---|---|",
  ...rows.map((r) => {
    const s = summarize(r.times);
    return `| ${r.label} | ${ms(s.p50)} | ${ms(s.p99)} |`;
  }),
];
const p50 = (i: number) => summarize(rows[i]!.times).p50;
const lines = [
  "## Signatures (secp256k1 per call)",
  "",
  `${CALLS} distinct keccak digests, one key, the libraries interleaved call by call; ${machineLine()}; ${elapsed.toFixed(0)} s.`,
  `Rerun: \`npm run bench:signatures -- --calls ${CALLS}\`. The native and WASM signatures are byte-identical to viem's (test/unit/secp256k1.test.ts, secp256k1-backend.test.ts).`,
  "",
  ...table,
  "",
  `Signing is ${(p50(0) / p50(1)).toFixed(1)}× faster, the orchestrator's check ${(p50(3) / p50(4)).toFixed(1)}× faster than the pure-JS code before`,
  `(WASM alone: ${(p50(0) / p50(2)).toFixed(1)}× and ${(p50(3) / p50(5)).toFixed(1)}×).`,
  ...BEFORE_AFTER,
];
await writeSection("signatures", lines.join("\n"));
console.log(lines.join("\n"));
