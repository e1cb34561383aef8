// bench:scale's equal-load steps, reported: the same sessions at the same rate on one orchestrator
// and on two, and at half the rate on one (what each of two carries), in turn; per run, two
// orchestrators' CPU per session over one's at each rate.
import type { Role, Switches } from "./process-cpu.ts";
import { meanOf, sortedOf } from "./stats.ts";
import { splitRatios, type SplitWorkPair } from "./split-work-control.ts";

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
  /** The orchestrators' main threads' context switches over the step. */
  switches: Switches;
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
  /**
   * Per run, the control (split-work-control.ts) on the orchestrators' CPU after the run's steps:
   * fixed work at `rate` pieces a second in one process, and split between two.
   */
  controls?: { rate: number; pairs: SplitWorkPair[] }[];
}

const perSession = (s: EqualLoadStep, n: number) => (s.settled ? (n / s.settled).toFixed(1) : "–");
const median = (xs: number[]) => sortedOf(xs)[Math.floor((xs.length - 1) / 2)] ?? Number.NaN;
const spread = (xs: number[]) => `${median(xs).toFixed(2)} (${xs.length} alternating runs: ${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;
const orchestratorMs = (s: EqualLoadStep) => cpuMs(s, ["orchestrators"]);
/** Per run, the orchestrators' CPU per session of configuration a over b's. */
const ratiosOf = (a: EqualLoadStep[], b: EqualLoadStep[]) => a.flatMap((x, i) => (b[i] ? [orchestratorMs(x) / orchestratorMs(b[i])] : []));

/** The headline line (none without paired runs) and the section's text and table. */
export function equalLoadReport<S extends EqualLoadStep>(input: EqualLoadInput<S>): { headline: string[]; text: string[] } {
  const { steps, rate, sessions, repeats, pin, workMsPerCpu, roles, busyCell, controls = [] } = input;
  if (steps.length === 0) return { headline: [], text: [] };
  const of = (w: number, r: number) => steps.filter((s) => s.workers === w && s.rate === r && s.settled > 0);
  const [oneFull, twoFull, oneHalf] = [of(1, rate), of(2, rate), of(1, rate / 2)];
  const twoOverOne = ratiosOf(twoFull, oneFull);
  const twoOverHalf = ratiosOf(twoFull, oneHalf);
  // Per run: the control's two processes over one (the mean of its pairs), and the orchestrators' ratio over it.
  const controlRatios = controls.map((c) => meanOf(splitRatios(c.pairs)));
  const beyondControl = twoOverOne.flatMap((r, i) => (controlRatios[i] ? [r / controlRatios[i]] : []));
  const headline = twoOverOne.length === 0 ? [] : [
    `scale cpu per session at ${rate} sessions/s: 1 orchestrator ${median(oneFull.map(orchestratorMs)).toFixed(1)} ms,` +
    ` 2 orchestrators ${median(twoFull.map(orchestratorMs)).toFixed(1)} ms, ratio ${spread(twoOverOne)};` +
    ` 1 orchestrator at ${rate / 2} sessions/s ${median(oneHalf.map(orchestratorMs)).toFixed(1)} ms, 2 orchestrators over it ${twoOverHalf.length ? spread(twoOverHalf) : "–"}` +
    (beyondControl.length
      ? `; fixed work split the same way costs ${spread(controlRatios)}, the orchestrators' ratio over it ${spread(beyondControl)}`
      : ""),
  ];
  const table = [
    `| run | orchestrators | sessions | rate (submitted a second) | settled | missed deadline | sessions/s | CPU busy: ${roles.join(" / ")} | orchestrators' CPU per session | all parts' CPU per session | transactions per session (calls per transaction) | orchestrators' sleeps / preemptions per session |`,
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...steps.map((s, i) =>
      `| ${Math.floor(i / 3) + 1} | ${s.workers} | ${s.k} | ${s.rate} | ${s.settled} | ${s.missed}${s.failed ? ` (${s.failed} failed)` : ""} | ${s.perSecond.toFixed(2)} | ${busyCell(s)} | ${cpuPerSession(s, ["orchestrators"])} | ${cpuPerSession(s, roles)} | ${s.settled ? (s.transactions / s.settled).toFixed(2) : "–"} (${s.transactions ? (s.calls / s.transactions).toFixed(2) : "–"}) | ${perSession(s, s.switches.slept)} / ${perSession(s, s.switches.preempted)} |`),
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
    ...sleepsText(oneFull, twoFull, oneHalf, rate),
    ...controlText(controls, rate, controlRatios, twoOverOne),
  ];
  return { headline, text };
}

function controlText(
  controls: NonNullable<EqualLoadInput<EqualLoadStep>["controls"]>, rate: number, ratios: number[], orchestrators: number[],
): string[] {
  if (controls.length === 0) return [];
  const ms = (x: number) => `${x.toFixed(3)} ms`;
  return [
    "**Control: the same split with fixed work** (bench/src/split-work-control.ts). After each run's steps, on the orchestrators'",
    `CPU: the fixed piece of work above, paced to keep one process as busy as the lone orchestrator was at ${rate} sessions/s`,
    `in that run, in one process and then split between two at half the rate each (${controls[0]!.pairs.length} alternating pairs`,
    "per run). Splitting adds no work, so two processes' CPU per piece over one's is what this machine charges for carrying a",
    "load in two processes instead of one (each woken as often for half the work, the two sharing the CPU's caches). If the",
    "orchestrators' ratio is about the control's, the second orchestrator adds no work of its own.",
    "",
    "| run | pieces a second | one process, CPU per piece | two processes, CPU per piece | two over one | orchestrators: two over one |",
    "|---|---|---|---|---|---|",
    ...controls.map((c, i) =>
      `| ${i + 1} | ${c.rate.toFixed(0)} | ${c.pairs.map((p) => ms(p.oneMs)).join(", ")} | ${c.pairs.map((p) => ms(p.twoMs)).join(", ")} | ${ratios[i]!.toFixed(2)} | ${orchestrators[i] === undefined ? "–" : orchestrators[i]!.toFixed(2)} |`),
    "",
  ];
}

/** Medians of the orchestrators' main threads' context switches per session in each configuration. */
function sleepsText(oneFull: EqualLoadStep[], twoFull: EqualLoadStep[], oneHalf: EqualLoadStep[], rate: number): string[] {
  const per = (steps: EqualLoadStep[], pick: (s: EqualLoadStep) => number) =>
    median(steps.filter((s) => s.settled).map((s) => pick(s) / s.settled)).toFixed(1);
  const cell = (steps: EqualLoadStep[]) => `${per(steps, (s) => s.switches.slept)} / ${per(steps, (s) => s.switches.preempted)}`;
  if (oneFull.length === 0 || twoFull.length === 0) return [];
  return [
    "**Context switches.** An orchestrator's main thread leaves its CPU when its event loop has nothing to do (it sleeps) or",
    "when another process takes the CPU (it is preempted); after either, it refills caches that whatever ran meanwhile",
    "displaced. Medians of the runs, sleeps / preemptions per session of the orchestrators' main threads:",
    `one orchestrator at ${rate} sessions/s ${cell(oneFull)}, two at ${rate} sessions/s ${cell(twoFull)},`,
    `one at ${rate / 2} sessions/s ${oneHalf.length ? cell(oneHalf) : "–"}. Two orchestrators sharing a CPU take it from each other mid-work.`,
    "",
  ];
}
