// The part of docs/benchmarks/quality.md that says what the simulated panel's parameters mean and
// why their ranges are plausible, with the measurements they rest on. Written with the report so
// the doc and the presets (regimes.ts) are read together; no number in it comes from a run.

export const PARAMETERS_DOC: readonly string[] = [
  "## What the parameters mean, and why these values",
  "",
  "The simulated panel (sdk/providers/simulated/correlated-model.ts) decides each event (a solve, a check of a",
  "candidate) by whether a latent normal clears the threshold its probability sets:",
  "z = √ρ·T(task) + √γ·M(task, member) + √(1 − ρ − γ)·E(task, member, draw). A member's accuracy is its skill",
  "exactly; the terms only decide *which* tasks it gets wrong and with whom.",
  "",
  "| parameter | meaning | values used | why plausible |",
  "|---|---|---|---|",
  "| skill | accuracy of one solve (per task family for specialists) | 0.55–0.92 | a spread between model tiers; chosen to make each regime's claim hold, not measured |",
  "| ρ (correlation) | task difficulty shared by all members: they fail on the same tasks | 0.3 | real models fail together far beyond chance: on HELM (MMLU) two models that both err pick the same wrong option 60% of the time against 33% by chance [1], and error similarity grows with capability [2] |",
  "| γ (self-correlation) | extra difficulty shared by one member's own samples: its blind spots | 0.4 (correlated: 0.6) | resampling one model helps but saturates: self-consistency added 17.9 points on GSM8K for PaLM 540B [3], so samples are neither identical (γ + ρ < 1) nor independent |",
  "| trap share | share of wrong answers that are the task's one tempting mistake, the same for every member | 0.5 (trap-majority: 0.85) | two members both wrong then agree about share² of the time: 25% at 0.5 (free-form integers leave more room to differ than four options), 72% at 0.85, above the 60% HELM average [1], as for models of one provider or base model, which agree more [1] |",
  "| verify gain | a check is right with p = skill + (1 − skill)·gain, on the same latent | 0.5 | checking is easier than solving, and more so across model families than within one [4]; the check shares the task's difficulty, so a panel can still endorse a shared trap |",
  "",
  "The values were set before running Concord on them and were not tuned to its result; each regime's seed is",
  "fixed, so every rerun draws the same answers (Concord itself breaks ties between equal scores by salted",
  "proposal hashes, so a rerun can differ by a task or two).",
  "",
  "[1] Kim, Garg, Peng, Garg: Correlated Errors in Large Language Models, ICML 2025 (PMLR 267), https://proceedings.mlr.press/v267/kim25e.html",
  "[2] Goel et al.: Great Models Think Alike and this Undermines AI Oversight, 2025, https://model-similarity.github.io",
  "[3] Wang et al.: Self-Consistency Improves Chain of Thought Reasoning in Language Models, ICLR 2023, arXiv:2203.11171",
  "[4] When Does Verification Pay Off? A Closer Look at LLMs as Solution Verifiers (NYU), https://agenticlearning.ai/llm-verification/",
];
