// The session page in Debian chromium (playwright-core) on real parts: a hardhat node, nats-server
// with its WebSocket listener, three agent processes and the orchestrator. The page is opened on a
// session before it runs and follows it to settlement, once live over NATS (as the read-only
// viewer) and once with the WebSocket unreachable, on chain events alone.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { mkdtemp, mkdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { keccak256, parseEther, stringToBytes } from "viem";
import { generateWordProblem, seededRandom } from "@concord/agent-sdk/providers";
import { startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { createSession, readRoundTerms } from "@concord/orchestrator/chain/actions/index.ts";
import { runSession } from "@concord/orchestrator/rounds/run-session.ts";
import { outcomeText } from "@concord/agent-sdk/protocol";
import { UNANIMOUS_JUSTIFICATION } from "@concord/agent-sdk/agent";
import type { SessionOutcome } from "@concord/orchestrator/rounds/types.ts";
import { openSessionStore } from "@concord/orchestrator/state/session-store.ts";
import type { SessionSnapshot } from "@concord/orchestrator/state/snapshot.ts";
import { startDappServer, type DappServer } from "@concord/orchestrator/web/dapp-server.ts";
import { CHROMIUM_ARGS, ensureChromium } from "@concord/bench/browser/ensure-chromium.ts";
import { blockingViolations, describeViolations } from "../support/accessibility.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// Refreshed only on request (CONCORD_SCREENSHOTS=1 npm test), so a test run leaves the tree as it was.
const screenshots = process.env.CONCORD_SCREENSHOTS === "1" ? path.join(root, "docs/screenshots") : path.join(os.tmpdir(), "concord-screenshots");
const ROUNDS = 3;

type Observed = { rounds: number; status: string; t: number };

describe("the session page, live", { timeout: 90_000 }, () => {
  const started = performance.now();
  let stack: LocalStack | undefined;
  let live: DappServer | undefined;
  let chainOnly: DappServer | undefined;
  let context: BrowserContext | undefined;
  let profileDir: string | undefined;

  before(async () => {
    const executablePath = ensureChromium();
    stack = await startLocalStack();
    const viewer = stack.viewer;
    assert.ok(viewer, "the local stack has a viewer user");
    const distDir = path.join(root, "app/dist");
    live = await startDappServer({ distDir, deployment: stack.deployment, nc: stack.nc, natsWebsocket: { url: stack.nats.websocketUrl, ...viewer } });
    // The same page whose WebSocket endpoint is a port nothing listens on.
    chainOnly = await startDappServer({ distDir, deployment: stack.deployment, nc: stack.nc, natsWebsocket: { url: `ws://127.0.0.1:${await closedPort()}`, ...viewer } });
    profileDir = await mkdtemp(path.join(os.tmpdir(), "concord-chromium-"));
    context = await chromium.launchPersistentContext(profileDir, { executablePath, headless: true, args: CHROMIUM_ARGS });
    // Every state the page goes through (rounds shown, status), recorded in the page as it happens.
    await context.addInitScript(() => {
      const w = window as unknown as { __observed: Observed[] };
      w.__observed = [];
      new MutationObserver(() => {
        const el = document.querySelector("[data-testid=session-page]");
        if (!el) return;
        const state = { rounds: Number(el.getAttribute("data-rounds")), status: el.getAttribute("data-status") ?? "", t: performance.now() };
        const last = w.__observed.at(-1);
        if (!last || last.rounds !== state.rounds || last.status !== state.status) w.__observed.push(state);
      }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-rounds", "data-status"] });
      // And every step of the progress line (round and phase) while the session runs.
      const p = window as unknown as { __progress: string[] };
      p.__progress = [];
      new MutationObserver(() => {
        const el = document.querySelector("[data-testid=phase-progress]");
        if (!el) return;
        const step = `${el.getAttribute("data-round")}:${el.getAttribute("data-phase")}`;
        if (p.__progress.at(-1) !== step) p.__progress.push(step);
      }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-round", "data-phase"] });
    });
    await mkdir(screenshots, { recursive: true });
  });

  after(async () => {
    await context?.close().catch(() => {});
    await live?.close().catch(() => {});
    await chainOnly?.close().catch(() => {});
    await stack?.stop();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
    console.log(`# session page browser test: ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
  });

  /** A session created on chain, not yet run; `run` starts the orchestrator on it. */
  async function newSession(seed: string) {
    const problem = generateWordProblem(seededRandom(seed));
    const { sessionId } = await createSession(stack!.chain, {
      wallet: stack!.submitter,
      taskHash: keccak256(stringToBytes(problem.text)), agentIds: stack!.panel.map((a) => a.agentId),
      orchestrator: stack!.orchestrator.account.address, minRounds: ROUNDS, maxRounds: ROUNDS, bounty: parseEther("1"),
    });
    // Snapshots saved to the KV store as the job worker saves them: the transcript route reads them.
    // `pace` runs after each save, with the orchestrator waiting on it.
    const store = await openSessionStore(stack!.nc, stack!.chain.deployment);
    const roundTerms = await readRoundTerms(stack!.chain, { sessionId });
    const run = (pace?: (snapshot: SessionSnapshot) => Promise<void>) => runSession(
      { nc: stack!.nc, chain: stack!.chain, orchestrator: stack!.orchestrator },
      { sessionId, task: problem.text, panel: stack!.panel, minRounds: ROUNDS, maxRounds: ROUNDS, effort: 0.6, phaseTimeoutMs: 30_000, roundTerms },
      { save: async (snapshot) => { await store.save(snapshot); await pace?.(snapshot); } },
    );
    return { sessionId, problem, run };
  }

  async function openPage(server: DappServer, sessionId: bigint): Promise<Page> {
    const page = await context!.newPage();
    await page.goto(`${server.url}/sessions/${sessionId}`);
    await page.locator("[data-testid=session-page][data-status=Open]").waitFor();
    return page;
  }

  /** Waits for each round in turn and then settlement, as the page shows them. */
  async function followToSettlement(page: Page, outcome: Promise<SessionOutcome>): Promise<SessionOutcome> {
    for (let round = 1; round <= ROUNDS; round++) {
      await page.locator(`[data-testid=round][data-round="${round}"][data-state=recorded]`).waitFor();
    }
    const result = await outcome;
    await page.locator("[data-testid=session-page][data-status=Settled]").waitFor();
    await page.getByTestId("final-answer").waitFor();
    assert.equal(await page.getByTestId("final-answer").textContent(), result.answer);
    assert.equal(await page.getByTestId("final-agent").textContent(), result.winner.name);
    // The outcome label is the orchestrator's, worded as the CLI words it.
    await page.getByTestId("outcome-label").waitFor();
    assert.equal(await page.getByTestId("outcome-label").textContent(), `Outcome: ${outcomeText({ label: result.halt.outcome, tied: result.halt.tied })}`);
    return result;
  }

  it("shows round 1 while the session runs, then each round live over NATS up to settlement", async () => {
    const { sessionId, problem, run } = await newSession("session-live");
    const page = await openPage(live!, sessionId);
    await page.locator("[data-testid=live-status][data-mode=live]").waitFor();
    assert.match((await page.getByTestId("live-status").textContent()) ?? "", /^Live: connected to NATS/);

    // The last rounds can finish within one page refresh of each other; so that every round is
    // seen while the session runs, the orchestrator waits in round N + 1, after its first save
    // (round N's events all published), until the page shows round N. A page that did not follow
    // the session live would never show it, and the test would time out.
    const awaited = new Set<number>();
    const pace = async (snapshot: SessionSnapshot) => {
      const done = snapshot.rounds.length;
      if (done === 0 || snapshot.current === undefined || awaited.has(done)) return;
      awaited.add(done);
      await page.locator(`[data-testid=session-page][data-status=Open][data-rounds="${done}"]`).waitFor({ timeout: 30_000 });
      // The orchestrator waits after round N + 1's proposals closed: the page says the agents evaluate.
      const progress = page.locator(`[data-testid=phase-progress][data-round="${done + 1}"][data-phase=evaluate]`);
      await progress.waitFor({ timeout: 30_000 });
      assert.equal(await progress.getByTestId("phase-progress-text").textContent(), `Round ${done + 1} of up to ${ROUNDS}: each agent is evaluating the others' proposals.`);
      assert.deepEqual(await progress.locator("[data-step]").evaluateAll((els) => els.map((e) => `${e.getAttribute("data-step")}:${e.getAttribute("data-state")}`)),
        ["propose:done", "evaluate:active", "record:pending", "settle:pending"]);
      // Round N is sealed while the session deliberates: its texts, with no author, ballot or winner marked.
      const sealed = page.locator(`[data-testid=round][data-round="${done}"][data-sealed=true]`);
      await sealed.waitFor({ timeout: 30_000 });
      await sealed.getByTestId("sealed-note").waitFor();
      assert.equal(await sealed.getByTestId("proposal-solution").count(), stack!.panel.length);
      assert.equal(await sealed.locator("[data-testid=proposal]:is([data-agent], [data-winner])").count(), 0);
      assert.equal(await sealed.getByTestId("vote-matrix").count(), 0);
      assert.equal(await sealed.getByTestId("evaluation").count(), 0);
      if (done === 1) {
        const violations = await blockingViolations(page);
        assert.equal(violations.length, 0, describeViolations(violations));
      }
    };
    const outcome = await followToSettlement(page, run(pace));
    assert.deepEqual([...awaited], Array.from({ length: ROUNDS - 1 }, (_, i) => i + 1), "the orchestrator waited on the page in every round after the first");
    assert.equal(await page.getByTestId("session-task").textContent(), problem.text);
    // Dated: created, and settled once settled.
    await page.locator("time[data-testid=session-created]").waitFor();
    await page.locator("time[data-testid=session-ended]").waitFor();

    // The page went through every round before it showed the session settled.
    const observed = await page.evaluate(() => (window as unknown as { __observed: Observed[] }).__observed);
    const counts = observed.map((o) => o.rounds);
    assert.deepEqual([...counts].sort((a, b) => a - b), counts, `rounds only ever grow: ${JSON.stringify(observed)}`);
    // (Settlement follows the last round within a few hundred milliseconds, so the page may show
    // the last round and the settlement together: the last round is not paced.)
    for (let round = 1; round < ROUNDS; round++) {
      assert.ok(observed.some((o) => o.rounds === round && o.status === "Open"), `round ${round} was shown before settlement: ${JSON.stringify(observed)}`);
    }
    assert.equal(observed.at(-1)?.status, "Settled");
    // The progress line only moved forward, through every round, and is gone once settled.
    const progress = await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
    console.log(`# progress seen: ${progress.join(" ")}`);
    const order = ["propose", "evaluate", "record", "between-rounds", "settling"];
    const rank = (step: string) => { const [r, phase] = step.split(":"); return phase === "settling" ? Infinity : Number(r) * 10 + order.indexOf(phase!); };
    assert.deepEqual(progress.map(rank), [...progress.map(rank)].sort((a, b) => a - b), `progress only moves forward: ${JSON.stringify(progress)}`);
    for (let round = 1; round <= ROUNDS; round++) assert.ok(progress.some((p) => p.startsWith(`${round}:`)), `round ${round} showed its phases: ${JSON.stringify(progress)}`);
    assert.equal(await page.getByTestId("phase-progress").count(), 0);

    // Each round: the winner highlighted, and the heat map holds exactly the orchestrator's ballots.
    for (const round of outcome.rounds) {
      const card = page.locator(`[data-testid=round][data-round="${round.round}"]`);
      const winner = stack!.panel[round.winnerIndex]!.name;
      assert.deepEqual(await card.locator("[data-testid=proposal][data-winner=true]").evaluateAll((els) => els.map((e) => e.getAttribute("data-agent"))), [winner]);
      assert.equal(await card.getByTestId("round-winner").textContent(), winner);
      const cells = await card.locator("[data-testid=vote-cell]").evaluateAll((els) =>
        els.map((e) => ({ e: Number(e.getAttribute("data-evaluator")), p: Number(e.getAttribute("data-proposer")), text: e.textContent })));
      assert.equal(cells.length, stack!.panel.length ** 2);
      for (const { e, p, text } of cells) assert.equal(text, e === p ? "—" : String(round.ballots[e]![p]), `round ${round.round} cell ${e},${p}`);
      // Its on-chain record, linked to the transaction view.
      assert.match(await card.locator("a.tx-link").first().getAttribute("href") ?? "", /^\/tx\/0x[0-9a-f]{64}$/);
      // Under each proposal: its reasoning (the solver's working, not a step count), and what each
      // other evaluator said of it, the stance agreeing with the justification and the vote.
      for (const reasoning of await card.getByTestId("proposal-reasoning").allTextContents()) {
        assert.match(reasoning, /^Reasoning: (re-solved after a score of -?\d+; )?start with \d+ → \d+(; [^;]+ → -?\d+)+$/);
      }
      const said = await card.getByTestId("proposal").evaluateAll((proposals) => proposals.map((p) => ({
        author: p.getAttribute("data-agent"),
        evaluations: [...p.querySelectorAll("[data-testid=evaluation]")].map((e) => ({
          evaluator: e.getAttribute("data-evaluator"), stance: e.getAttribute("data-stance"),
          justification: e.querySelector("[data-testid=evaluation-justification]")?.textContent ?? "",
        })),
      })));
      const names = stack!.panel.map((a) => a.name);
      for (const [p, { author, evaluations }] of said.entries()) {
        assert.equal(author, names[p]);
        assert.deepEqual(evaluations.map((x) => x.evaluator), names.filter((n) => n !== author), `round ${round.round}: every other agent evaluated ${author}`);
        for (const x of evaluations) {
          const vote = round.ballots[names.indexOf(x.evaluator!)]![p]!;
          // A round where every candidate repeated the evaluator's answer is endorsed by the SDK itself.
          const supports = x.justification.startsWith("matches my result") || x.justification === UNANIMOUS_JUSTIFICATION;
          assert.equal(x.stance, supports ? "support" : "oppose", JSON.stringify(x));
          assert.ok(x.stance === "support" ? vote >= 0 : vote <= 0, `a ${x.stance} comes with vote ${vote}`);
          if (x.justification !== UNANIMOUS_JUSTIFICATION) assert.match(x.justification, /^(matches my result -?\d+|I get -?\d+, not -?\d+)$/);
        }
      }
    }
    assert.equal(await page.getByTestId("score-chart").locator("circle").count(), ROUNDS * stack!.panel.length);
    assert.equal(await page.getByTestId("halting-chart").locator("circle").count(), ROUNDS);
    assert.equal(await page.locator("[data-testid=live-status]").getAttribute("data-mode"), "live");
    await page.screenshot({ path: path.join(screenshots, "session.png"), fullPage: true });
    // The evaluations, stances and heat maps stay accessible, in light and dark mode.
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      const violations = await blockingViolations(page);
      assert.equal(violations.length, 0, `${colorScheme}: ${describeViolations(violations)}`);
    }
    await page.emulateMedia({ colorScheme: "light" });

    // On a phone-sized screen the session page does not scroll sideways: wide tables scroll in
    // their own box. (Measured on the page's own section: the wallet panel above is not its part.)
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.getByTestId("session-page").evaluate((el) =>
      Math.max(el.scrollWidth - el.clientWidth, el.getBoundingClientRect().right - document.documentElement.clientWidth));
    assert.ok(overflow <= 0, `the session page is ${overflow} px wider than a 390 px screen`);

    // The chain has only the task's hash; the list shows the text the transcript publishes, since
    // it hashes to that hash.
    await page.goto(live!.url);
    const task = page.locator(`[data-testid=session-row][data-session-id="${sessionId}"] [data-testid=session-task][data-source=transcript]`);
    await task.waitFor();
    assert.equal(await task.getAttribute("title"), problem.text);
    assert.ok(problem.text.startsWith((await task.textContent())!.replace(/…$/, "")));
    await page.close();
  });

  it("follows the session on chain events to settlement when the WebSocket is unreachable", async () => {
    const { sessionId, run } = await newSession("session-chain");
    const page = await openPage(chainOnly!, sessionId);
    await page.locator("[data-testid=live-status][data-mode=chain]").waitFor();
    assert.match((await page.getByTestId("live-status").textContent()) ?? "", /^Following chain events/);
    await followToSettlement(page, run());
    assert.equal(await page.locator("[data-testid=live-status]").getAttribute("data-mode"), "chain");
    await page.close();
  });
});

/** A loopback port that was just freed: nothing listens there. */
async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, "close");
  return port;
}
