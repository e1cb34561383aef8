// A simulated model: solves word problems for real, and errs at a configurable rate, the way a
// weaker model would (a slip in one step). It evaluates candidates by checking them against its
// own solution, so its evaluations are only as good as its skill.
import { defineAgent, type AgentDefinition, type CandidateAssessment } from "../../agent/define-agent.ts";
import { seededRandom, randomInt, type Random } from "./random.ts";
import { solveWordProblem } from "./word-problems.ts";

export interface SimulatedAgentOptions {
  name: string;
  /** Probability in [0, 1] that a solve is right. */
  skill: number;
  /** Seed for reproducible errors. */
  seed?: string;
}

export function simulatedAgent(options: SimulatedAgentOptions): AgentDefinition {
  const random = seededRandom(options.seed ?? options.name);
  const answers = new Map<string, number>();

  // One solve per session and round: the agent's belief, used both to propose and to check.
  const believe = (sessionId: string, round: number, task: string) => {
    const key = `${sessionId}/${round}`;
    if (!answers.has(key)) answers.set(key, attempt(task, options.skill, random));
    return answers.get(key)!;
  };

  return defineAgent({
    name: options.name,
    modelId: `simulated-solver@skill=${options.skill}`,
    async propose({ sessionId, round, task }) {
      const answer = believe(sessionId, round, task);
      const { steps } = solveWordProblem(task);
      return { thoughtProcess: steps.join("; "), solution: String(answer) };
    },
    async evaluate({ sessionId, round, task, candidates }) {
      const mine = believe(sessionId, round, task);
      return candidates.map((candidate): CandidateAssessment => {
        const agrees = Number(candidate.solution.trim()) === mine;
        return {
          label: candidate.label,
          endorsement: agrees ? 80 : -40,
          justification: agrees ? `matches my result ${mine}` : `I get ${mine}, not ${candidate.solution}`,
          stance: agrees ? "support" : "oppose",
          isFinalSolution: agrees,
        };
      });
    },
  });
}

function attempt(task: string, skill: number, random: Random): number {
  const { answer } = solveWordProblem(task);
  if (random() < skill) return answer;
  // A slip: off by a small non-zero amount, as a careless step would be.
  const slip = randomInt(random, 1, 9) * (random() < 0.5 ? -1 : 1);
  return answer + slip;
}
