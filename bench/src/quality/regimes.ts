// The simulated panels the quality benchmark ships: named, seeded regimes, each a kind of real
// panel a deliberation protocol has to cope with. The values were set from what is measured of
// real models (docs/benchmarks/quality.md, "What the parameters mean"), before any Concord run,
// and are not tuned to its result. Shared baselines below; each regime changes what it is about.
import type { PanelModel } from "@concord/agent-sdk/providers";
import type { ProceduralSetName, TaskFamily } from "./task-set.ts";

export interface RegimeMember {
  name: string;
  /** Accuracy of one solve: on every task, or per task family (specialists). */
  skill: number | Record<TaskFamily, number>;
}

export interface Regime {
  name: string;
  /** What real panel this stands for, one sentence for the report. */
  about: string;
  set: ProceduralSetName;
  model: PanelModel;
  members: RegimeMember[];
}

/**
 * ρ = 0.3: a latent (probit) correlation between members on a task. Real models fail on the same
 * questions far more than chance: Kim et al. (ICML 2025) find models agree on 60% of the questions
 * both get wrong on HELM (chance: 33%), and that more accurate models are more alike; 0.3 on the
 * latent scale is a moderate share of task difficulty common to all members.
 * γ = 0.4: a member's own samples share more (its blind spots): self-consistency helps real models
 * (Wang et al. 2023, +17.9 points on GSM8K for PaLM 540B), so samples are far from identical
 * (γ + ρ < 1), but it saturates, so they are far from independent either.
 * trapShare = 0.5: half of wrong answers are the task's one tempting mistake; two members both
 * wrong then agree about 0.5² ≈ 25% of the time, below the 60% measured on four-option questions,
 * as free-form integer answers leave more room to differ.
 * verifyGain = 0.5: checking an answer is easier than finding it, on the same latent difficulty.
 */
const BASE: Omit<PanelModel, "seed"> = { correlation: 0.3, selfCorrelation: 0.4, trapShare: 0.5, verifyGain: 0.5 };

export const REGIMES: readonly Regime[] = [
  {
    name: "mixed",
    about: "one strong, one middling, one weak member (the benchmark's first panel, its seed unchanged)",
    set: "arith-200",
    model: { seed: "quality", ...BASE },
    members: [{ name: "ada", skill: 0.9 }, { name: "bram", skill: 0.75 }, { name: "chloe", skill: 0.6 }],
  },
  {
    name: "dominant",
    // A frontier model with two much smaller ones. The gap (0.92 against 0.6 / 0.55) is chosen to
    // be unmistakable, not measured: leaderboards show gaps of this size between model tiers.
    about: "one member far better than the other two: deliberation must not let them outvote it",
    set: "arith-200",
    model: { seed: "quality-dominant", ...BASE },
    members: [{ name: "ada", skill: 0.92 }, { name: "bram", skill: 0.6 }, { name: "chloe", skill: 0.55 }],
  },
  {
    name: "correlated",
    // γ = 0.6 (with ρ = 0.3, so ρ + γ = 0.9): a member's resamples repeat its mistakes, as for a
    // model at low temperature or with a systematic misconception; members are equal (0.75 each).
    about: "equal members whose own samples are strongly correlated: resampling one model buys little",
    set: "arith-200",
    model: { seed: "quality-correlated", ...BASE, selfCorrelation: 0.6 },
    members: [{ name: "ada", skill: 0.75 }, { name: "bram", skill: 0.75 }, { name: "chloe", skill: 0.75 }],
  },
  {
    name: "trap-majority",
    // trapShare = 0.85: two members both wrong agree ≈ 0.85² ≈ 72% of the time, above the 60%
    // HELM average (Kim et al.): models sharing a provider or base model agree more (same paper).
    // A weak majority (0.6, 0.6) against one strong member (0.85).
    about: "a weak majority that shares the task's trap answer against one strong member",
    set: "arith-200",
    model: { seed: "quality-trap-majority", ...BASE, trapShare: 0.85 },
    members: [{ name: "ada", skill: 0.85 }, { name: "bram", skill: 0.6 }, { name: "chloe", skill: 0.6 }],
  },
  {
    name: "specialists",
    // Real models' strengths differ by domain (a code or math fine-tune against a generalist);
    // 0.9 on their own family against 0.55 on the other, a generalist at 0.7 on both.
    about: "members strong on different task families (arithmetic word problems, number sequences)",
    set: "mixed-200",
    model: { seed: "quality-specialists", ...BASE },
    members: [
      { name: "ada", skill: { arith: 0.9, seq: 0.55 } },
      { name: "bram", skill: { arith: 0.55, seq: 0.9 } },
      { name: "chloe", skill: { arith: 0.7, seq: 0.7 } },
    ],
  },
];

export const REGIME_NAMES = REGIMES.map((r) => r.name);

export function regimeNamed(name: string): Regime {
  const regime = REGIMES.find((r) => r.name === name);
  if (!regime) throw new Error(`no regime named ${name}`);
  return regime;
}
