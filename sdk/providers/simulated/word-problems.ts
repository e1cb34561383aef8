// A small task family with known answers: arithmetic word problems about one person's stock of
// an item. The solver parses the text (it is not told the answer), one sentence at a time.
import { randomInt, type Random } from "./random.ts";

export interface WordProblem {
  text: string;
  answer: number;
}

const NAMES = ["Ada", "Bram", "Chloe", "Dev", "Elif", "Femi", "Goro", "Hana"];
const ITEMS = ["apples", "marbles", "stamps", "coins", "shells", "pencils"];

type Step = (name: string, item: string, random: Random) => { sentence: string; apply: (n: number) => number };

const STEPS: Step[] = [
  (name, item, r) => {
    const boxes = randomInt(r, 2, 9), each = randomInt(r, 2, 12);
    return { sentence: `${name} buys ${boxes} boxes with ${each} ${item} each.`, apply: (n) => n + boxes * each };
  },
  (name, item, r) => {
    const k = randomInt(r, 1, 9);
    return { sentence: `${name} gives ${k} ${item} to a friend.`, apply: (n) => n - k };
  },
  (name, item, r) => {
    const k = randomInt(r, 1, 20);
    return { sentence: `${name} finds ${k} more ${item}.`, apply: (n) => n + k };
  },
  (name, item) => ({ sentence: `${name} doubles the number of ${item}.`, apply: (n) => n * 2 }),
  (name, item, r) => {
    const k = randomInt(r, 2, 4);
    return { sentence: `${name} splits the ${item} into ${k} equal piles and keeps one pile, rounding down.`, apply: (n) => Math.floor(n / k) };
  },
];

export function generateWordProblem(random: Random): WordProblem {
  const name = NAMES[randomInt(random, 0, NAMES.length - 1)]!;
  const item = ITEMS[randomInt(random, 0, ITEMS.length - 1)]!;
  let value = randomInt(random, 5, 40);
  const sentences = [`${name} has ${value} ${item}.`];
  const count = randomInt(random, 2, 4);
  for (let i = 0; i < count; i++) {
    const step = STEPS[randomInt(random, 0, STEPS.length - 1)]!(name, item, random);
    sentences.push(step.sentence);
    value = step.apply(value);
  }
  sentences.push(`How many ${item} does ${name} have now?`);
  return { text: sentences.join(" "), answer: value };
}

const RULES: { pattern: RegExp; apply: (n: number, m: RegExpMatchArray) => number; explain: (m: RegExpMatchArray) => string }[] = [
  { pattern: /^\w+ has (\d+) \w+\.$/, apply: (_n, m) => Number(m[1]), explain: (m) => `start with ${m[1]}` },
  { pattern: /buys (\d+) boxes with (\d+) \w+ each\.$/, apply: (n, m) => n + Number(m[1]) * Number(m[2]), explain: (m) => `add ${m[1]}×${m[2]}` },
  { pattern: /gives (\d+) \w+ to a friend\.$/, apply: (n, m) => n - Number(m[1]), explain: (m) => `subtract ${m[1]}` },
  { pattern: /finds (\d+) more \w+\.$/, apply: (n, m) => n + Number(m[1]), explain: (m) => `add ${m[1]}` },
  { pattern: /doubles the number of \w+\.$/, apply: (n) => n * 2, explain: () => "double" },
  { pattern: /into (\d+) equal piles and keeps one pile, rounding down\.$/, apply: (n, m) => Math.floor(n / Number(m[1])), explain: (m) => `divide by ${m[1]}, rounding down` },
];

export interface Solution {
  answer: number;
  steps: string[];
}

/** Solves a problem of this family from its text; throws on a sentence it does not understand. */
export function solveWordProblem(text: string): Solution {
  const sentences = text.match(/[^.?]+[.?]/g)?.map((s) => s.trim()) ?? [];
  let value: number | undefined;
  const steps: string[] = [];
  for (const sentence of sentences) {
    if (sentence.endsWith("?")) continue;
    const rule = RULES.find((r) => r.pattern.test(sentence));
    if (!rule) throw new Error(`cannot parse sentence: ${sentence}`);
    const match = sentence.match(rule.pattern)!;
    if (value === undefined && rule !== RULES[0]) throw new Error("the problem does not say how many there are at first");
    value = rule.apply(value ?? 0, match);
    steps.push(`${rule.explain(match)} → ${value}`);
  }
  if (value === undefined) throw new Error("not a word problem of this family");
  return { answer: value, steps };
}
