// A panel of simulated models whose errors are correlated, the way real models' are: some tasks
// are hard for everyone, and wrong answers cluster on a shared "trap" (the tempting mistake).
// Each event (a solve, a check of a candidate) succeeds when a latent normal variable clears the
// threshold its probability sets, so a member's accuracy is its skill exactly, while
//   z = √ρ·T(task) + √γ·M(task, member) + √(1−ρ−γ)·E(task, member, draw)
// makes two members' events correlated by ρ and two draws of one member by ρ + γ. Every draw is
// keyed by what it is (seed, task, member, draw), never by call order: concurrent runs and
// reruns give the same answers.
import { seededRandom } from "./random.ts";

export interface PanelModel {
  seed: string;
  /** ρ: latent correlation between members on a task (shared difficulty). */
  correlation: number;
  /** γ: extra latent correlation between samples of one member (its own blind spots). */
  selfCorrelation: number;
  /** Share of wrong answers that are the task's shared trap rather than a private slip. */
  trapShare: number;
  /** A check is right with probability skill + (1 − skill)·verifyGain: checking beats solving. */
  verifyGain: number;
}

export const DEFAULT_PANEL_MODEL: PanelModel = { seed: "quality", correlation: 0.3, selfCorrelation: 0.4, trapShare: 0.5, verifyGain: 0.5 };

export type AttemptKind = "correct" | "trap" | "slip";

export interface Attempt {
  kind: AttemptKind;
  answer: string;
  /** What the model reports: higher when right, but a trap is believed too. */
  confidence: number;
}

/** A uniform draw in [0, 1) determined by its key alone. */
export function keyedUniform(...key: (string | number)[]): number {
  return seededRandom(key.join("\u0000"))();
}

/** A standard normal draw determined by its key (Box–Muller). */
export function keyedNormal(...key: (string | number)[]): number {
  const u1 = Math.max(keyedUniform(...key, "u1"), Number.MIN_VALUE);
  const u2 = keyedUniform(...key, "u2");
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Φ⁻¹(p), Acklam's rational approximation (relative error < 1.2e-9). */
export function probit(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -probit(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Whether an event of probability `p` happens for this member on this task, on draw `draw`. */
export function latentSuccess(model: PanelModel, p: number, task: string, member: string, draw: string): boolean {
  const { seed, correlation: rho, selfCorrelation: gamma } = model;
  const z = Math.sqrt(rho) * keyedNormal(seed, task) +
    Math.sqrt(gamma) * keyedNormal(seed, task, member) +
    Math.sqrt(Math.max(0, 1 - rho - gamma)) * keyedNormal(seed, task, member, draw);
  return z > probit(1 - p);
}

/** The tempting wrong answer of a task: the same for every member. */
export function trapAnswer(model: PanelModel, task: string, truth: string): string {
  return offsetAnswer(truth, keyedUniform(model.seed, task, "trap"), "trap");
}

/** Sample `sample` of a member's solve. */
export function attempt(model: PanelModel, task: string, truth: string, member: string, skill: number, sample: number): Attempt {
  const u = keyedUniform(model.seed, task, member, sample, "confidence");
  if (latentSuccess(model, skill, task, member, `solve/${sample}`)) return { kind: "correct", answer: truth, confidence: 0.6 + 0.35 * u };
  if (keyedUniform(model.seed, task, member, sample, "which-error") < model.trapShare) {
    return { kind: "trap", answer: trapAnswer(model, task, truth), confidence: 0.5 + 0.35 * u };
  }
  let slip = offsetAnswer(truth, keyedUniform(model.seed, task, member, sample, "slip"), `slip-${member}-${sample}`);
  // A slip is a private mistake: landing on the trap, it takes the mirror offset instead.
  if (slip === trapAnswer(model, task, truth)) slip = String(2n * BigInt(truth) - BigInt(slip));
  return { kind: "slip", answer: slip, confidence: 0.25 + 0.4 * u };
}

/** Whether a member's check of `candidate` judges it correct (right with its verify probability). */
export function judgesCorrect(model: PanelModel, task: string, truth: string, member: string, skill: number, round: number, candidate: string): boolean {
  const checkedRight = latentSuccess(model, skill + (1 - skill) * model.verifyGain, task, member, `verify/${round}/${candidate}`);
  return checkedRight === (candidate === truth);
}

/** A wrong answer near the right one: ±1..9 for an integer, a marked variant otherwise. */
function offsetAnswer(truth: string, u: number, tag: string): string {
  const magnitude = 1 + Math.floor((u * 18) % 9);
  const sign = u < 0.5 ? -1 : 1;
  return /^-?\d+$/.test(truth) ? String(BigInt(truth) + BigInt(sign * magnitude)) : `${truth} (${tag})`;
}
