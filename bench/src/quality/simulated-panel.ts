// A regime's simulated panel as agents: panel members (sdk/providers/simulated/panel-member.ts)
// that know each task's reference answer and family, and the lines the report prints about them.
import type { AgentDefinition } from "@concord/agent-sdk/agent";
import { panelMemberAgent } from "@concord/agent-sdk/providers";
import type { Regime, RegimeMember } from "./regimes.ts";
import type { TaskFamily, TaskSet } from "./task-set.ts";

export interface SimulatedPanel {
  panel: AgentDefinition[];
  /** The same panel drawn with the k-th other seed (the round-one bound learns from it). */
  reseeded(k: number): AgentDefinition[];
  describe: string[];
  notes: string[];
}

const describeSkill = (skill: RegimeMember["skill"]) =>
  typeof skill === "number" ? `skill ${skill}` : Object.entries(skill).map(([family, s]) => `${family} ${s}`).join(", ");

export function simulatedPanel(regime: Regime, set: TaskSet): SimulatedPanel {
  const { model } = regime;
  return {
    panel: membersOf(regime, set),
    reseeded: (k) => membersOf({ ...regime, model: { ...model, seed: `${model.seed}/other/${k}` } }, set),
    describe: regime.members.map((m) => `simulated, ${describeSkill(m.skill)}`),
    notes: [
      `${regime.about}.`,
      `Seed "${model.seed}"; correlation ρ = ${model.correlation} between members on a task, self-correlation γ = ${model.selfCorrelation} more ` +
        `between one member's samples, trap share ${model.trapShare}, verify gain ${model.verifyGain}.`,
    ],
  };
}

function membersOf(regime: Regime, set: TaskSet): AgentDefinition[] {
  const byProblem = new Map(set.tasks.map((t) => [t.problem, t] as const));
  const { model } = regime;
  return regime.members.map((member) => {
    const { skill } = member;
    const familySkill = typeof skill === "number" ? undefined : (task: string) => {
      const family: TaskFamily | undefined = byProblem.get(task)?.family;
      if (!family) throw new Error(`${member.name}: task has no family, so no skill`);
      return skill[family];
    };
    return panelMemberAgent({
      name: member.name, skill: typeof skill === "number" ? skill : Math.min(...Object.values(skill)), model,
      skillOf: familySkill, answerOf: (task) => byProblem.get(task)?.answer,
    });
  });
}
