// A simulated model: solves word problems for real, and errs at a configurable rate, the way a
// weaker model would (a slip in one step). It evaluates candidates by checking them against its
// own current answer, so its evaluations are only as good as its skill. From round 2 it reads its
// feedback: an answer the panel scored below zero is re-solved from scratch, otherwise kept.
import { defineAgent, skip, type AgentDefinition, type CandidateAssessment } from "../../agent/define-agent.ts";
import type { RoundFeedback } from "../../protocol/schemas.ts";
import { seededRandom, randomInt, type Random } from "./random.ts";
import { solveWordProblem } from "./word-problems.ts";

export interface SimulatedAgentOptions {
  name: string;
  /** Probability in [0, 1] that a solve is right. */
  skill: number;
  /** Seed for reproducible errors. */
  seed?: string;
}

const OUTSIDE_FAMILY = "this simulated solver only answers arithmetic word problems of its family";

export function simulatedAgent(options: SimulatedAgentOptions): AgentDefinition {
  const random = seededRandom(options.seed ?? options.name);
  /** The agent's current answer per session and round. */
  const answers = new Map<string, number>();
  const key = (sessionId: string, round: number) => `${sessionId}/${round}`;

  const decide = (sessionId: string, round: number, task: string, feedback?: RoundFeedback) => {
    const previous = answers.get(key(sessionId, round - 1));
    const keep = previous !== undefined && feedback !== undefined && feedback.ownProposal.score >= 0;
    const answer = keep ? previous : attempt(task, options.skill, random);
    answers.set(key(sessionId, round), answer);
    return answer;
  };

  return defineAgent({
    name: options.name,
    modelId: `simulated-solver@skill=${options.skill}`,
    capabilities: ["arithmetic-word-problems"],
    // The same test propose skips on, so the answer given before a session is the one it keeps.
    async accepts(task) {
      return isWordProblem(task) ? { accepts: true } : { accepts: false, reason: OUTSIDE_FAMILY };
    },
    async propose({ sessionId, round, task, feedback }) {
      // A task outside this model's one family is declined, not failed.
      if (!isWordProblem(task)) skip(OUTSIDE_FAMILY);
      const answer = decide(sessionId, round, task, feedback);
      const revisited = feedback && feedback.ownProposal.score < 0 ? `re-solved after a score of ${feedback.ownProposal.score}; ` : "";
      const body = { thoughtProcess: `${revisited}${workingOf(task, answer)}`, solution: String(answer) };
      return { ...body, usage: simulatedUsage(task, JSON.stringify(body)) };
    },
    async evaluate({ sessionId, round, task, candidates }) {
      const mine = answers.get(key(sessionId, round)) ?? decide(sessionId, round, task);
      const assessments = candidates.map((candidate): CandidateAssessment => {
        const agrees = Number(candidate.solution.trim()) === mine;
        return {
          label: candidate.label,
          endorsement: agrees ? 80 : -40,
          justification: agrees ? `matches my result ${mine}` : `I get ${mine}, not ${candidate.solution}`,
          stance: agrees ? "support" : "oppose",
          claims: [{ claim: `the answer is ${candidate.solution.trim()}`, verdict: agrees ? "agree" : "disagree" }],
          isFinalSolution: agrees,
        };
      });
      const prompt = task + candidates.map((c) => c.thoughtProcess + c.solution).join("");
      return { assessments, usage: simulatedUsage(prompt, JSON.stringify(assessments)) };
    },
  });
}

/** A model's usage, simulated: about four characters a token, as for English text. */
export function simulatedUsage(prompt: string, completion: string) {
  return { promptTokens: Math.ceil(prompt.length / 4), completionTokens: Math.ceil(completion.length / 4) };
}

/**
 * The solver's working, one step a sentence ("start with 12 → 12; add 3×4 → 24; …"); a slipped
 * answer shows as a slip in the last step, as the careless step it simulates.
 */
export function workingOf(task: string, answer: number): string {
  const { steps, answer: solved } = solveWordProblem(task);
  const shown = answer === solved ? steps : [...steps.slice(0, -1), steps.at(-1)!.replace(/→ -?\d+$/, `→ ${answer}`)];
  return shown.join("; ");
}

function isWordProblem(task: string): boolean {
  try {
    solveWordProblem(task);
    return true;
  } catch {
    return false;
  }
}

function attempt(task: string, skill: number, random: Random): number {
  const { answer } = solveWordProblem(task);
  if (random() < skill) return answer;
  // A slip: off by a small non-zero amount, as a careless step would be.
  const slip = randomInt(random, 1, 9) * (random() < 0.5 ? -1 : 1);
  return answer + slip;
}
