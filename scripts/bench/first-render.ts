// Measures the dApp's first render on loopback: navigation start -> first session row in the DOM,
// in Debian chromium, cold (a new browser and profile each time) and warm (a reload of the same
// page), with the local stack running (hardhat node, nats-server, agents) as a user has it.
// Writes its section of docs/benchmarks.md. Run: npm run bench:first-render [-- --loads N]
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { keccak256, parseEther, stringToBytes } from "viem";
import { writeSection } from "../../orchestrator/src/bench/doc-section.ts";
import { machineLine } from "../../orchestrator/src/bench/machine.ts";
import { createSession } from "../../orchestrator/src/chain/sessions-client.ts";
import { startLocalStack } from "../../orchestrator/src/devnet/local-stack.ts";
import { runSession } from "../../orchestrator/src/rounds/run-session.ts";
import { startDappServer } from "../../orchestrator/src/web/dapp-server.ts";
import { seededRandom } from "../../sdk/providers/simulated/random.ts";
import { generateWordProblem } from "../../sdk/providers/simulated/word-problems.ts";
import { ensureChromium } from "../../test/support/ensure-chromium.ts";

const { values } = parseArgs({ options: { loads: { type: "string", default: "10" }, sessions: { type: "string", default: "20" } } });
const loads = Number(values.loads);
const sessions = Number(values.sessions);
if (!(Number.isInteger(loads) && loads > 0) || !(Number.isInteger(sessions) && sessions > 0)) {
  throw new Error("--loads and --sessions take positive integers");
}
const root = path.resolve(import.meta.dirname, "../..");
const TARGET_MS = 1_000;
const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

type Load = { firstRowMs: number; htmlMs: number; domContentLoadedMs: number; lastAssetMs: number };

const executablePath = ensureChromium();
const stack = await startLocalStack();
const cold: Load[] = [];
const warm: Load[] = [];
try {
  // A full first page of sessions, the newest one deliberated to settlement.
  const random = seededRandom("bench-first-render");
  let last: { sessionId: bigint; task: string } | undefined;
  for (let i = 0; i < sessions; i++) {
    const task = generateWordProblem(random).text;
    const { sessionId } = await createSession(stack.chain, stack.submitter, {
      taskHash: keccak256(stringToBytes(task)), agentIds: stack.panel.map((a) => a.agentId),
      orchestrator: stack.orchestrator.account.address, maxRounds: 2, bounty: parseEther("0.01"),
    });
    last = { sessionId, task };
  }
  await runSession(
    { nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator },
    { sessionId: last!.sessionId, task: last!.task, panel: stack.panel, minRounds: 2, maxRounds: 2, effort: 0.6, phaseTimeoutMs: 30_000 },
  );
  const server = await startDappServer({
    distDir: path.join(root, "app/dist"), deployment: stack.deployment, port: 0, nc: stack.nc,
    natsWebsocket: { url: stack.nats.websocketUrl, ...stack.viewer },
  });
  try {
    for (let i = 0; i < loads; i++) {
      const profileDir = await mkdtemp(path.join(os.tmpdir(), "concord-first-render-"));
      const context = await chromium.launchPersistentContext(profileDir, { executablePath, headless: true, args: CHROMIUM_ARGS });
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        await page.addInitScript(() => {
          const w = window as unknown as { __firstRowMs?: number };
          new MutationObserver((_, observer) => {
            if (w.__firstRowMs === undefined && document.querySelector("[data-testid=session-row]")) {
              w.__firstRowMs = performance.now();
              observer.disconnect();
            }
          }).observe(document, { childList: true, subtree: true });
        });
        const errors: string[] = [];
        page.on("console", (message) => void (message.type() === "error" && errors.push(message.text())));
        page.on("pageerror", (error) => errors.push(error.message));
        const measure = async (): Promise<Load> => {
          await page.locator("[data-testid=session-row]").first().waitFor();
          if (errors.length > 0) throw new Error(`the page logged errors: ${errors.join("; ")}`);
          return page.evaluate(() => {
            const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
            const assets = (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
              .filter((e) => new URL(e.name).pathname.startsWith("/assets/"));
            return {
              firstRowMs: (window as unknown as { __firstRowMs: number }).__firstRowMs,
              htmlMs: nav.responseEnd,
              domContentLoadedMs: nav.domContentLoadedEventEnd,
              lastAssetMs: Math.max(0, ...assets.map((e) => e.responseEnd)),
            };
          });
        };
        await page.goto(server.url);
        cold.push(await measure());
        await page.reload();
        warm.push(await measure());
        console.log(`load ${i + 1}/${loads}: cold ${cold.at(-1)!.firstRowMs.toFixed(0)} ms, warm ${warm.at(-1)!.firstRowMs.toFixed(0)} ms`);
      } finally {
        await context.close();
        await rm(profileDir, { recursive: true, force: true });
      }
    }
  } finally {
    await server.close();
  }
} finally {
  await stack.stop();
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const at = (xs: number[], p: number) => sorted(xs)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const row = (name: string, list: Load[]) => {
  const pick = (key: keyof Load) => list.map((l) => l[key]);
  const f = (x: number) => x.toFixed(0);
  return `| ${name} | ${f(at(pick("firstRowMs"), 50))} | ${f(at(pick("firstRowMs"), 90))} | ${f(Math.max(...pick("firstRowMs")))} | ` +
    `${list.filter((l) => l.firstRowMs <= TARGET_MS).length} of ${list.length} | ${f(at(pick("htmlMs"), 50))} | ${f(at(pick("lastAssetMs"), 50))} | ${f(at(pick("domContentLoadedMs"), 50))} |`;
};
const lines = [
  "## dApp first render on loopback",
  "",
  `Navigation start → first session row in the DOM, in Debian chromium (headless), ${loads} loads, ` +
    `a page of ${sessions} sessions (the newest settled after 2 rounds), with the local stack running ` +
    `(hardhat node, nats-server, 3 agent processes) on the same machine (${machineLine()}). ` +
    "Cold: a new browser with an empty profile each load. Warm: a reload of the same page. Target ≤ 1 000 ms. " +
    "Rerun: `npm run bench:first-render`.",
  "",
  "| load | median ms | p90 ms | max ms | ≤ 1 s | html ms (median) | last asset ms (median) | DOMContentLoaded ms (median) |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  row("cold", cold),
  row("warm", warm),
];
console.log(lines.join("\n"));
if (process.env.CONCORD_BENCH_NO_DOCS !== "1") await writeSection("first-render", lines.join("\n"));
