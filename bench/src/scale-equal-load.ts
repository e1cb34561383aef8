// bench:scale's equal-load steps, reported: the same sessions at the same rate on one orchestrator
// and on two, and at half the rate on one (what each of two carries), in turn; per run, two
// orchestrators' CPU per session over one's at each rate.
import type { Role } from "./process-cpu.ts";
import { sortedOf } from "./stats.ts";

/** What a step measured that this report reads (scale.ts's Step has it all). */
export interface EqualLoadStep {
  workers: number;
  /** Sessions in the step. */
  k: number;
  /** Sessions submitted a second, when paced (else all at once). */
  rate?: number;
  settled: number;
  missed: number;
  failed: number;
  perSecond: number;
  /** Seconds of CPU each part spent over the step. */
  cpu: Map<Role, number>;
  /** Transactions mined during the step (automine: one a block), rounds, settlements and royalty claims alike. */
  transactions: number;
  /** Calls those transactions carried (a Sessions.multicall counts each call in it). */
  calls: number;
}

/** Milliseconds of CPU these parts spent over the step per settled session. */
export const cpuMs = (s: EqualLoadStep, roles: Role[]) => (1000 * roles.reduce((a, r) => a + (s.cpu.get(r) ?? 0), 0)) / s.settled;
export const cpuPerSession = (s: EqualLoadStep, roles: Role[]) => (s.settled ? `${cpuMs(s, roles).toFixed(1)} ms` : "–");

export interface EqualLoadInput<S extends EqualLoadStep> {
  /** In the order run: per repeat, one orchestrator at `rate`, two at `rate`, one at rate / 2. */
  steps: S[];
  rate: number;
  sessions: number;
  repeats: number;
  /** Where the orchestrators and the other parts ran (taskset lists), if pinned. */
  pin?: { orchestrators: string; others: string };
  /** A fixed piece of work's CPU milliseconds on each CPU, measured before the run. */
  workMsPerCpu: number[];
  roles: Role[];
  busyCell: (s: S) => string;
}

const median = (xs: number[]) => sortedOf(xs)[Math.floor((xs.length - 1) / 2)] ?? Number.NaN;
const spread = (xs: number[]) => `${median(xs).toFixed(2)} (${xs.length} alternating runs: ${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;
const orchestratorMs = (s: EqualLoadStep) => cpuMs(s, ["orchestrators"]);
/** Per run, the orchestrators' CPU per session of configuration a over b's. */
const ratiosOf = (a: EqualLoadStep[], b: EqualLoadStep[]) => a.flatMap((x, i) => (b[i] ? [orchestratorMs(x) / orchestratorMs(b[i])] : []));

/** The headline line (none without paired runs) and the section's text and table. */
export function equalLoadReport<S extends EqualLoadStep>(input: EqualLoadInput<S>): { headline: string[]; text: string[] } {
  const { steps, rate, sessions, repeats, pin, workMsPerCpu, roles, busyCell } = input;
  if (steps.length === 0) return { headline: [], text: [] };
  const of = (w: number, r: number) => steps.filter((s) => s.workers === w && s.rate === r && s.settled > 0);
  const [oneFull, twoFull, oneHalf] = [of(1, rate), of(2, rate), of(1, rate / 2)];
  const twoOverOne = ratiosOf(twoFull, oneFull);
  const twoOverHalf = ratiosOf(twoFull, oneHalf);
  const headline = twoOverOne.length === 0 ? [] : [
    `scale cpu per session at ${rate} sessions/s: 1 orchestrator ${median(oneFull.map(orchestratorMs)).toFixed(1)} ms,` +
    ` 2 orchestrators ${median(twoFull.map(orchestratorMs)).toFixed(1)} ms, ratio ${spread(twoOverOne)};` +
    ` 1 orchestrator at ${rate / 2} sessions/s ${median(oneHalf.map(orchestratorMs)).toFixed(1)} ms, 2 orchestrators over it ${twoOverHalf.length ? spread(twoOverHalf) : "–"}`,
  ];
  const table = [
    `| run | orchestrators | sessions | rate (submitted a second) | settled | missed deadline | sessions/s | CPU busy: ${roles.join(" / ")} | orchestrators' CPU per session | all parts' CPU per session | transactions per session (calls per transaction) |`,
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...steps.map((s, i) =>
      `| ${Math.floor(i / 3) + 1} | ${s.workers} | ${s.k} | ${s.rate} | ${s.settled} | ${s.missed}${s.failed ? ` (${s.failed} failed)` : ""} | ${s.perSecond.toFixed(2)} | ${busyCell(s)} | ${cpuPerSession(s, ["orchestrators"])} | ${cpuPerSession(s, roles)} | ${s.settled ? (s.transactions / s.settled).toFixed(2) : "–"} (${s.transactions ? (s.calls / s.transactions).toFixed(2) : "–"}) |`),
  ];
  const text = [
    `**Equal load.** ${sessions} sessions submitted at ${rate} a second (one every ${(1000 / rate).toFixed(0)} ms, below both`,
    `configurations' peak), on one orchestrator and then on two, then ${Math.round(sessions / 2)} at ${rate / 2} a second on one (what each of two`,
    `carries), in turn (${repeats} times), each configuration freshly started and warmed by one session. At the ladder's top the`,
    "machine is saturated and every part's CPU-second does less work the busier both cores are; at a rate both configurations",
    "carry, the machine is about as busy in both, so CPU per session compares the work each configuration does per session",
    "(the second process's idle cost included). CPU per session: each part's CPU over the step (from the first submit until",
    "the last session ended), over the sessions settled. If two orchestrators cost more per session than one at the same",
    "rate but about what one costs at half the rate, the extra is a process's cost of carrying less load (fixed costs shared",
    "by fewer sessions, fewer messages and calls coalesced), not work the second process adds.",
    ...(pin
      ? [
        "The CPUs of a virtual machine need not run equally fast (on this kind of machine the same work has taken up to 1.6 times",
        `the CPU time on one as on the other); the same fixed work (bench/src/cpu-pinning.ts) took ${workMsPerCpu.map((ms) => `${ms.toFixed(0)} ms`).join(" / ")}`,
        `of CPU pinned to CPU ${workMsPerCpu.map((_, i) => i).join(" / ")} at the start of this run. So in these steps the orchestrators run pinned to CPU ${pin.orchestrators}`,
        `and every other part to CPU ${pin.others} (taskset): one orchestrator's CPU time and two's are counted on the same CPU. Unpinned,`,
        "the scheduler puts a lone orchestrator on either CPU, and two of them more often on both.",
      ]
      : ["The processes were not pinned to CPUs (--no-paced-pin, or taskset is missing)."]),
    "",
    ...table,
    "",
  ];
  return { headline, text };
}
