// Measures the dApp's first render on loopback: navigation start -> first session row in the DOM,
// in Debian chromium, cold (a new browser and profile each time) and warm (a reload of the same
// page), with the local stack running (hardhat node, nats-server, agents) as a user has it.
// Writes its section of docs/benchmarks.md. Run: npm run bench:first-render [-- --loads N]
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { parseEther } from "viem";
import { writeSection } from "./doc-section.ts";
import { machineLine } from "./machine.ts";
import { summarize } from "./stats.ts";
import { createSession, readRoundTerms } from "@concord/orchestrator/chain/actions/index.ts";
import { startLocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { runSession } from "@concord/orchestrator/rounds/run-session.ts";
import { startDappServer } from "@concord/orchestrator/web/dapp-server.ts";
import { generateWordProblem, seededRandom } from "@concord/agent-sdk/providers";
import { taskDataUri, taskHash } from "@concord/agent-sdk/protocol";
import { CHROMIUM_ARGS, ensureChromium } from "./browser/ensure-chromium.ts";
import { firstRowMs, recordFirstRow } from "./browser/first-row.ts";

const { values } = parseArgs({ options: { loads: { type: "string", default: "20" }, sessions: { type: "string", default: "20" } } });
const loads = Number(values.loads);
const sessions = Number(values.sessions);
if (!(Number.isInteger(loads) && loads > 0) || !(Number.isInteger(sessions) && sessions > 0)) {
  throw new Error("--loads and --sessions take positive integers");
}
const root = path.resolve(import.meta.dirname, "../..");
const TARGET_MS = 1_000;

type Load = { firstRowMs: number; htmlMs: number; domContentLoadedMs: number; lastAssetMs: number };

const executablePath = ensureChromium();
const stack = await startLocalStack();
const newBrowser: Load[] = [];
const reload: Load[] = [];
const firstVisit: Load[] = [];

/** A page that records when the first session row enters the DOM and fails on any error it logs. */
async function instrumentedPage(context: BrowserContext): Promise<Page & { errors: string[] }> {
  const page = context.pages()[0] ?? (await context.newPage());
  await recordFirstRow(page);
  const errors: string[] = [];
  page.on("console", (message) => void (message.type() === "error" && errors.push(message.text())));
  page.on("pageerror", (error) => errors.push(error.message));
  return Object.assign(page, { errors });
}

/** Navigates and times the load from navigation start (the page's own clock). */
async function load(page: Page & { errors: string[] }, navigate: () => Promise<unknown>): Promise<Load> {
  await navigate();
  await page.locator("[data-testid=session-row]").first().waitFor();
  if (page.errors.length > 0) throw new Error(`the page logged errors: ${page.errors.join("; ")}`);
  const rowMs = await firstRowMs(page);
  if (rowMs === undefined) throw new Error("the first session row was not stamped");
  const timings = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const assets = (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
      .filter((e) => new URL(e.name).pathname.startsWith("/assets/"));
    return {
      htmlMs: nav.responseEnd,
      domContentLoadedMs: nav.domContentLoadedEventEnd,
      lastAssetMs: Math.max(0, ...assets.map((e) => e.responseEnd)),
    };
  });
  return { firstRowMs: rowMs, ...timings };
}
try {
  // A full first page of sessions, the newest one deliberated to settlement.
  const random = seededRandom("bench-first-render");
  let last: { sessionId: bigint; task: string } | undefined;
  for (let i = 0; i < sessions; i++) {
    const task = generateWordProblem(random).text;
    const { sessionId } = await createSession(stack.chain, {
      wallet: stack.submitter,
      // The text on chain with its hash, as every submitter's form and script writes it.
      taskHash: taskHash(task), taskURI: taskDataUri(task), agentIds: stack.panel.map((a) => a.agentId),
      orchestrator: stack.orchestrator.account.address, maxRounds: 2, bounty: parseEther("0.01"),
    });
    last = { sessionId, task };
  }
  await runSession(
    { nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator },
    { sessionId: last!.sessionId, task: last!.task, panel: stack.panel, minRounds: 2, maxRounds: 2, effort: 0.6, phaseTimeoutMs: 30_000, roundTerms: await readRoundTerms(stack.chain, { sessionId: last!.sessionId }) },
  );
  const server = await startDappServer({
    distDir: path.join(root, "app/dist"), deployment: stack.deployment, port: 0, nc: stack.nc,
    natsWebsocket: { url: stack.nats.websocketUrl, ...stack.viewer },
  });
  try {
    // A new browser with an empty profile each time: the first visit right after the browser starts.
    for (let i = 0; i < loads; i++) {
      const profileDir = await mkdtemp(path.join(os.tmpdir(), "concord-first-render-"));
      const context = await chromium.launchPersistentContext(profileDir, { executablePath, headless: true, args: CHROMIUM_ARGS });
      try {
        const page = await instrumentedPage(context);
        newBrowser.push(await load(page, () => page.goto(server.url)));
        reload.push(await load(page, () => page.reload()));
      } finally {
        await context.close();
        await rm(profileDir, { recursive: true, force: true });
      }
      console.log(`load ${i + 1}/${loads}: new browser ${newBrowser.at(-1)!.firstRowMs.toFixed(0)} ms, reload ${reload.at(-1)!.firstRowMs.toFixed(0)} ms`);
    }
    // A browser already running, a new context (empty cache) each time: a first visit as most users make it.
    const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
    try {
      for (let i = 0; i < loads; i++) {
        const context = await browser.newContext();
        try {
          const page = await instrumentedPage(context);
          firstVisit.push(await load(page, () => page.goto(server.url)));
        } finally {
          await context.close();
        }
        console.log(`load ${i + 1}/${loads}: first visit in a running browser ${firstVisit.at(-1)!.firstRowMs.toFixed(0)} ms`);
      }
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
} finally {
  await stack.stop();
}

const f = (x: number) => x.toFixed(0);
const row = (name: string, list: Load[]) => {
  const first = list.map((l) => l.firstRowMs);
  const s = summarize(first);
  const median = (key: keyof Load) => f(summarize(list.map((l) => l[key])).p50);
  return `| ${name} | ${f(s.p50)} | ${f(s.p90)} | ${f(s.max)} | ${first.filter((x) => x <= TARGET_MS).length} of ${list.length} | ` +
    `${median("htmlMs")} | ${median("lastAssetMs")} | ${median("domContentLoadedMs")} |`;
};
const lines = [
  "## dApp first render on loopback",
  "",
  `Navigation start → first session row in the DOM, in Debian chromium (headless), ${loads} loads of each kind, ` +
    `a page of ${sessions} sessions (the newest settled after 2 rounds), with the local stack running ` +
    `(hardhat node, nats-server, 3 agent processes) on the same machine (${machineLine()}). ` +
    "New browser: a browser started with an empty profile for each load, so its own start-up competes with the page. " +
    "First visit: a browser already running, a new context (empty cache) each load. Reload: the same page again (cache warm). " +
    "Target ≤ 1 000 ms. Rerun: `npm run bench:first-render`.",
  "",
  "| load | median ms | p90 ms | max ms | ≤ 1 s | html in, ms (median) | last script in, ms (median) | DOMContentLoaded, ms (median) |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  row("new browser", newBrowser),
  row("first visit", firstVisit),
  row("reload", reload),
];
const headline = (name: string, list: Load[]) => {
  const s = summarize(list.map((l) => l.firstRowMs));
  return `first render, ${name}: median ${f(s.p50)} ms, p90 ${f(s.p90)} ms, max ${f(s.max)} ms, ${list.filter((l) => l.firstRowMs <= TARGET_MS).length} of ${list.length} ≤ 1 s`;
};
lines.push("", "```", headline("new browser", newBrowser), headline("first visit", firstVisit), headline("reload", reload), "```");
console.log(lines.join("\n"));
if (process.env.CONCORD_BENCH_NO_DOCS !== "1") await writeSection("first-render", lines.join("\n"));
