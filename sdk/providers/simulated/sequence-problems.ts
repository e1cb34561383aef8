// A second task family with known integer answers: the next term of a short integer sequence
// (arithmetic, geometric, second-order "differences grow by a constant", or each term the sum of
// the two before). It asks for pattern finding rather than step-by-step bookkeeping, so a panel
// can hold members strong on one family and weak on the other. The solver reads the terms from
// the text (it is not told the rule) and tries the rules in a fixed order.
import { randomInt, type Random } from "./random.ts";

export interface SequenceProblem {
  text: string;
  answer: number;
}

type Rule = "arithmetic" | "geometric" | "second-order" | "fibonacci";
const RULES: readonly Rule[] = ["arithmetic", "geometric", "second-order", "fibonacci"];

function terms(rule: Rule, random: Random): number[] {
  switch (rule) {
    case "arithmetic": {
      const start = randomInt(random, -20, 40), step = randomInt(random, 2, 15) * (random() < 0.25 ? -1 : 1);
      return Array.from({ length: 5 }, (_, i) => start + i * step);
    }
    case "geometric": {
      const start = randomInt(random, 1, 20), ratio = randomInt(random, 2, 5);
      return Array.from({ length: 5 }, (_, i) => start * ratio ** i);
    }
    case "second-order": {
      const start = randomInt(random, 1, 30), first = randomInt(random, 1, 8), growth = randomInt(random, 1, 5);
      const out = [start];
      for (let i = 0; i < 5; i++) out.push(out.at(-1)! + first + i * growth);
      return out;
    }
    case "fibonacci": {
      const out = [randomInt(random, 1, 25), randomInt(random, 1, 25)];
      while (out.length < 7) out.push(out.at(-1)! + out.at(-2)!);
      return out;
    }
  }
}

export function generateSequenceProblem(random: Random): SequenceProblem {
  const rule = RULES[randomInt(random, 0, RULES.length - 1)]!;
  const all = terms(rule, random);
  const shown = all.slice(0, -1);
  return { text: `What is the next term of the sequence ${shown.join(", ")}?`, answer: all.at(-1)! };
}

/** Solves a problem of this family from its text; throws on text or terms it cannot read. */
export function solveSequenceProblem(text: string): { answer: number; rule: Rule } {
  const match = /^What is the next term of the sequence (-?\d+(?:, -?\d+)+)\?$/.exec(text.trim());
  if (!match) throw new Error("not a sequence problem of this family");
  const xs = match[1]!.split(", ").map(Number);
  const d = xs.slice(1).map((x, i) => x - xs[i]!);
  const dd = d.slice(1).map((x, i) => x - d[i]!);
  if (d.every((x) => x === d[0])) return { answer: xs.at(-1)! + d[0]!, rule: "arithmetic" };
  if (xs[0] !== 0 && xs.every((x, i) => i === 0 || x === xs[i - 1]! * (xs[1]! / xs[0]!))) return { answer: xs.at(-1)! * (xs[1]! / xs[0]!), rule: "geometric" };
  if (dd.every((x) => x === dd[0])) return { answer: xs.at(-1)! + d.at(-1)! + dd[0]!, rule: "second-order" };
  if (xs.every((x, i) => i < 2 || x === xs[i - 1]! + xs[i - 2]!)) return { answer: xs.at(-1)! + xs.at(-2)!, rule: "fibonacci" };
  throw new Error(`no rule of this family fits ${match[1]}`);
}
