// A simulated panel member for the quality benchmark: it answers propose, evaluate and a plain
// solve from the correlated error model (correlated-model.ts), knowing each task's reference
// answer only to decide which way its own draws fall. Deliberation behaves as a careful model
// would: it checks each candidate (checking is easier than solving, and shares the task's
// difficulty), keeps an answer the panel did not score below zero, and otherwise weighs the
// answers its critics name before solving afresh.
import { defineAgent, skip, type AgentDefinition, type CandidateAssessment } from "../../agent/define-agent.ts";
import { attempt, judgesCorrect, keyedUniform, type PanelModel } from "./correlated-model.ts";
import { simulatedUsage } from "./simulated-agent.ts";

export interface PanelMemberOptions {
  name: string;
  /** Probability in [0, 1] that one solve is right. */
  skill: number;
  /**
   * The skill on one task, where it differs by task family (a member strong on one family and
   * weak on another); `skill` on every task when absent.
   */
  skillOf?(task: string): number;
  model: PanelModel;
  /** The reference answer of a task this member may be asked (undefined: not one it knows). */
  answerOf(task: string): string | undefined;
}

export function panelMemberAgent(options: PanelMemberOptions): AgentDefinition {
  const { name, model } = options;
  const skillOn = (task: string) => options.skillOf?.(task) ?? options.skill;
  const truthOf = (task: string) => options.answerOf(task) ?? skip("this simulated member only answers tasks of its benchmark set");
  const judge = (task: string, round: number, candidate: string) => judgesCorrect(model, task, truthOf(task), name, skillOn(task), round, candidate.trim());

  return defineAgent({
    name,
    modelId: `simulated-panel@skill=${options.skillOf ? "by-family" : options.skill}`,
    capabilities: ["benchmark-tasks"],
    async propose({ task, round, feedback }) {
      const truth = truthOf(task);
      let solution = attempt(model, task, truth, name, skillOn(task), 0).answer;
      let thoughtProcess = "first attempt";
      if (feedback && feedback.ownProposal.score >= 0) {
        solution = feedback.ownProposal.solution.trim();
        thoughtProcess = `kept: scored ${feedback.ownProposal.score}`;
      } else if (feedback) {
        // Outvoted: consider what the critics say they get; adopt one that checks out, else re-solve.
        const named = feedback.critiques.flatMap((c) => [...c.justification.matchAll(/I get (\S+?),/g)].map((m) => m[1]!));
        const count = (a: string) => named.filter((n) => n === a).length;
        // The answer most critics name is weighed first (ties in a fixed order: reruns agree).
        const alternatives = [...new Set(named)].filter((a) => a !== feedback.ownProposal.solution.trim())
          .sort((a, b) => count(b) - count(a) || a.localeCompare(b));
        const adopted = alternatives.find((a) => judge(task, round, a));
        solution = adopted ?? attempt(model, task, truth, name, skillOn(task), round - 1).answer;
        thoughtProcess = adopted ? `adopted ${adopted} after checking the critiques` : `re-solved after a score of ${feedback.ownProposal.score}`;
      }
      const body = { thoughtProcess, solution };
      return { ...body, usage: simulatedUsage(task, JSON.stringify(body)) };
    },
    async evaluate({ task, round, ownProposal, candidates }) {
      const assessments = candidates.map((candidate): CandidateAssessment => {
        const answer = candidate.solution.trim();
        const right = judge(task, round, answer);
        const strength = Math.round(30 * keyedUniform(model.seed, task, name, round, answer, "strength"));
        return {
          label: candidate.label,
          endorsement: right ? 60 + strength : -(40 + strength),
          justification: right ? `${answer} checks out` : `I get ${ownProposal.solution.trim()}, not ${answer}`,
          stance: right ? "support" : "oppose",
          claims: [{ claim: `the answer is ${answer}`, verdict: right ? "agree" : "disagree" }],
          isFinalSolution: right,
        };
      });
      const prompt = task + candidates.map((c) => c.thoughtProcess + c.solution).join("");
      return { assessments, usage: simulatedUsage(prompt, JSON.stringify(assessments)) };
    },
    async solve({ task, sample }) {
      const { answer, confidence } = attempt(model, task, truthOf(task), name, skillOn(task), sample);
      const body = { solution: answer, confidence };
      return { ...body, usage: simulatedUsage(task, JSON.stringify(body)) };
    },
  });
}
