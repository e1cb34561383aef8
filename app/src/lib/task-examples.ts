// Example tasks for the submit form, from what the chosen agents declare in their heartbeats
// (GET /api/agents): for each capability every chosen live agent shares, tasks of that kind, so a
// person sees what the panel can answer before typing anything. Framework-free.
import type { PreflightAgent } from "@concord/agent-sdk/protocol";

export type CapabilityExamples = { readonly capability: string; readonly description: string; readonly tasks: readonly string[] };

/**
 * The capabilities the shipped agents declare, with tasks of their kind. The simulated solver
 * (sdk/providers/simulated) declares `arithmetic-word-problems` and parses exactly this family.
 */
export const KNOWN_CAPABILITIES: Readonly<Record<string, CapabilityExamples>> = {
  "arithmetic-word-problems": {
    capability: "arithmetic-word-problems",
    description:
      "arithmetic word problems about one person's stock of an item: how many at first, then sentences that buy boxes of them, " +
      "give some to a friend, find more, double them or split them into equal piles, and the question how many there are now.",
    tasks: [
      "Ada has 12 apples. Ada buys 3 boxes with 4 apples each. Ada gives 2 apples to a friend. How many apples does Ada have now?",
      "Bram has 25 marbles. Bram finds 7 more marbles. Bram doubles the number of marbles. How many marbles does Bram have now?",
      "Chloe has 40 stamps. Chloe gives 4 stamps to a friend. Chloe splits the stamps into 3 equal piles and keeps one pile, rounding down. How many stamps does Chloe have now?",
    ],
  },
};

export type TaskExamples =
  /** Examples for what every chosen live agent takes. */
  | { readonly kind: "examples"; readonly sets: readonly CapabilityExamples[]; readonly who: "the chosen agents" | "the running agents" }
  /** Why there are none, in words. */
  | { readonly kind: "none"; readonly reason: string };

/** `unreadable`: the dApp server did not answer what the agents declare. */
export function taskExamples(declarations: readonly PreflightAgent[] | undefined, chosenIds: readonly string[], unreadable = false): TaskExamples {
  if (unreadable) return { kind: "none", reason: "the dApp server did not say what the agents take" };
  if (declarations === undefined) return { kind: "none", reason: "asking the agents what they take…" };
  const live = declarations.filter((d) => d.live);
  // Before a choice, what the running agents take; after it, what all the chosen ones share.
  const chosen = chosenIds.length === 0 ? live : declarations.filter((d) => chosenIds.includes(d.agentId));
  if (chosen.length === 0) return { kind: "none", reason: "no agent is running: no heartbeat was heard from any" };
  const down = chosen.filter((d) => !d.live);
  if (down.length > 0) return { kind: "none", reason: `${agentsWord(down)} not running (no heartbeat): choose running agents to see what they answer` };
  const shared = chosen[0]!.capabilities.filter((c) => chosen.every((d) => d.capabilities.includes(c)));
  const sets = shared.flatMap((c) => KNOWN_CAPABILITIES[c] ?? []);
  if (sets.length > 0) return { kind: "examples", sets, who: chosenIds.length === 0 ? "the running agents" : "the chosen agents" };
  if (shared.length > 0) return { kind: "none", reason: `the chosen agents take ${shared.map((c) => c.replaceAll("-", " ")).join(", ")}; the dApp has no example of that kind` };
  return { kind: "none", reason: "the chosen agents declare no capability they all share" };
}

function agentsWord(agents: readonly PreflightAgent[]): string {
  const names = agents.map((a) => `agent #${a.agentId}`);
  return names.length === 1 ? `${names[0]!} is` : `${names.join(", ")} are`;
}
