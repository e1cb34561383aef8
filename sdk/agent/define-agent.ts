// The Agent SDK's contract with a model: propose an answer, evaluate masked candidates.
import { ConcordError } from "../protocol/errors.ts";
import type { ClaimAssessment, MaskedCandidate, ProposalBody, RoundFeedback, Usage } from "../protocol/schemas.ts";

export interface ProposeContext {
  sessionId: string;
  round: number;
  task: string;
  /** Milliseconds since the epoch after which the answer is late. */
  deadline: number;
  /** From round 2: how the last round went for this agent (masked). */
  feedback?: RoundFeedback;
}

export interface EvaluateContext extends Omit<ProposeContext, "feedback"> {
  ownProposal: ProposalBody;
  /** Other agents' proposals under masked labels; never the evaluator's own. */
  candidates: readonly MaskedCandidate[];
}

/** One candidate's assessment. Labels not offered are dropped by the SDK. */
export interface CandidateAssessment {
  label: string;
  /** Integer in [-100, 100]. */
  endorsement: number;
  justification: string;
  stance: "support" | "oppose" | "neutral";
  /** Claims checked in the candidate, with verdicts; contested ones are fed back next round. */
  claims?: ClaimAssessment[];
  isFinalSolution: boolean;
}

/** A proposal, with what producing it cost when a provider reports it. */
export interface ProposalAnswer extends ProposalBody {
  usage?: Usage;
}

export interface EvaluationAnswer {
  assessments: CandidateAssessment[];
  usage?: Usage;
}

/** A plain, single-shot solve: no panel, no feedback (what baselines such as self-consistency ask). */
export interface SolveContext {
  task: string;
  /** Which sample of this task this call is (0-based); a provider may use it to vary its draw. */
  sample: number;
  /** Milliseconds since the epoch after which the answer is late. */
  deadline: number;
}

/** A solution with the model's own confidence in it, in [0, 1]. */
export interface SolveAnswer {
  solution: string;
  confidence: number;
  usage?: Usage;
}

/** Whether an agent will answer a task: asked before a session is created, so no bounty waits on a refusal. */
export type Acceptance = { accepts: true } | { accepts: false; reason: string };

export interface AgentDefinition {
  /** Subject token for this agent: letters, digits, _ or -. */
  name: string;
  modelId: string;
  /** Announced in heartbeats: what this agent is good at (free-form tags). */
  capabilities?: string[];
  propose(context: ProposeContext): Promise<ProposalAnswer>;
  evaluate(context: EvaluateContext): Promise<EvaluationAnswer>;
  /**
   * Optional: say up front whether this agent will answer `task`, honestly and cheaply (no model
   * call): the check its propose would `skip` on. An agent without it accepts every task.
   */
  accepts?(task: string): Promise<Acceptance>;
  /**
   * Optional: check that the model's server answers, without a model call; throw (e.g.
   * PROVIDER_UNAVAILABLE) with why when it does not. runAgent calls it before the agent says it
   * is ready, and the acceptance probe before it answers yes, so a dead endpoint is found before
   * any bounty is escrowed.
   */
  checkProvider?(): Promise<void>;
  /** Optional: answer the task alone, outside deliberation (used by the quality benchmark's baselines). */
  solve?(context: SolveContext): Promise<SolveAnswer>;
}

export function defineAgent(definition: AgentDefinition): AgentDefinition {
  return definition;
}

/**
 * Abstains from the task at hand (say, one outside the model's competence): thrown from propose or
 * evaluate, it is reported as an explicit skip, which leaves the agent out of the round without
 * counting as a failure.
 */
export function skip(reason: string): never {
  throw new ConcordError("AGENT_SKIPPED", reason);
}
