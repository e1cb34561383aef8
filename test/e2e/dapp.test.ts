// The dApp in a real browser (Debian chromium via playwright-core) on real parts: a hardhat node,
// nats-server, three agent processes and the orchestrator run one session to settlement; the page
// shows it Settled, connects agent 1's operator (devnet account 1), and claims its payout on the
// payouts page.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, mkdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { keccak256, parseEther, stringToBytes, zeroAddress, type Hex } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { getSessionSettledLogs } from "@concord/agent-sdk/protocol";
import { generateWordProblem, seededRandom } from "@concord/agent-sdk/providers";
import { startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { createSession, distributeRoyalties, readRoundTerms } from "@concord/orchestrator/chain/actions/index.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { runSession } from "@concord/orchestrator/rounds/run-session.ts";
import { startDappServer, type DappServer } from "@concord/orchestrator/web/dapp-server.ts";
import { formatEth } from "@concord/app/lib/format.ts";
import { blockingViolations, describeViolations } from "../support/accessibility.ts";
import { CHROMIUM_ARGS, ensureChromium } from "@concord/bench/browser/ensure-chromium.ts";
import { firstRowMs, recordFirstRow } from "@concord/bench/browser/first-row.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// The README's screenshots are refreshed only on request (CONCORD_SCREENSHOTS=1 npm test), so a
// test run leaves the tree as it found it; otherwise they go to a scratch folder.
const screenshots = process.env.CONCORD_SCREENSHOTS === "1" ? path.join(root, "docs/screenshots") : path.join(os.tmpdir(), "concord-screenshots");
const ROUNDS = 2;
const BOUNTY = parseEther("1");

describe("the dApp in Debian chromium", { timeout: 120_000 }, () => {
  const started = performance.now();
  let stack: LocalStack | undefined;
  let server: DappServer | undefined;
  let context: BrowserContext | undefined;
  let profileDir: string | undefined;
  let page: Page;
  let sessionId: bigint;

  before(async () => {
    const executablePath = ensureChromium();
    stack = await startLocalStack();
    const problem = generateWordProblem(seededRandom("e2e"));
    ({ sessionId } = await createSession(stack.chain, {
      wallet: stack.submitter,
      taskHash: keccak256(stringToBytes(problem.text)),
      agentIds: stack.panel.map((a) => a.agentId),
      orchestrator: stack.orchestrator.account.address,
      maxRounds: ROUNDS,
      bounty: BOUNTY,
    }));
    await runSession(
      { nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator },
      { sessionId, task: problem.text, panel: stack.panel, minRounds: ROUNDS, maxRounds: ROUNDS, effort: 0.6, phaseTimeoutMs: 30_000, roundTerms: await readRoundTerms(stack.chain, { sessionId }) },
    );
    server = await startDappServer({
      distDir: path.join(root, "app/dist"), deployment: stack.deployment, port: 0, nc: stack.nc,
      natsWebsocket: { url: stack.nats.websocketUrl, ...stack.viewer },
    });
    profileDir = await mkdtemp(path.join(os.tmpdir(), "concord-chromium-"));
    context = await chromium.launchPersistentContext(profileDir, { executablePath, headless: true, args: CHROMIUM_ARGS });
    page = context.pages()[0] ?? (await context.newPage());
    await recordFirstRow(page);
    await mkdir(screenshots, { recursive: true });
  });

  after(async () => {
    await context?.close().catch(() => {});
    await server?.close().catch(() => {});
    await stack?.stop();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
    console.log(`# dApp browser test: ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
  });

  it("lists the session as Settled, and renders the first row quickly", async () => {
    await page.goto(server!.url);
    const row = page.locator(`[data-testid=session-row][data-session-id="${sessionId}"]`);
    await row.waitFor();
    const coldMs = await firstRowMs(page);
    assert.ok(coldMs !== undefined);
    console.log(`# first render (navigation start -> first session row): ${coldMs.toFixed(0)} ms; ${await loadBreakdown(page)}`);
    await row.getByTestId("session-status").filter({ hasText: "Settled" }).waitFor();
    // Again with the browser warm (bundle in the HTTP cache, code compiled): what a returning user sees.
    await page.reload();
    await row.waitFor();
    const warmMs = await firstRowMs(page);
    assert.ok(warmMs !== undefined);
    console.log(`# first render, warm reload: ${warmMs.toFixed(0)} ms; ${await loadBreakdown(page)}`);
    await row.getByTestId("session-status").filter({ hasText: "Settled" }).waitFor();
    await page.screenshot({ path: path.join(screenshots, "sessions.png"), fullPage: true });
  });

  it("renders the list from the logs the server inlined, before any JSON-RPC call of its own", async () => {
    await page.goto(server!.url);
    await page.locator(`[data-testid=session-row][data-session-id="${sessionId}"]`).waitFor();
    const rowMs = await firstRowMs(page);
    const { firstRpcStart } = await page.evaluate(() => ({
      firstRpcStart: Math.min(...(performance.getEntriesByType("resource") as PerformanceResourceTiming[])
        .filter((e) => new URL(e.name).pathname === "/rpc").map((e) => e.startTime)),
    }));
    assert.ok(rowMs !== undefined && rowMs < firstRpcStart, `first row at ${rowMs} ms, first /rpc call at ${firstRpcStart} ms`);
  });

  it("lists the same sessions when the server inlines no logs: the page scans the chain itself", async () => {
    const bare = await startDappServer({ distDir: path.join(root, "app/dist"), deployment: stack!.deployment, port: 0, sessionLogs: false });
    const other = await context!.newPage();
    try {
      assert.doesNotMatch(await (await fetch(bare.url)).text(), /concord-session-logs/);
      await other.goto(bare.url);
      const row = other.locator(`[data-testid=session-row][data-session-id="${sessionId}"]`);
      await row.getByTestId("session-status").filter({ hasText: "Settled" }).waitFor();
      const seeded = page.locator(`[data-testid=session-row][data-session-id="${sessionId}"]`);
      assert.equal(await row.textContent(), await seeded.textContent());
      assert.ok(await other.evaluate(() => performance.getEntriesByType("resource").some((e) => new URL(e.name).pathname === "/rpc")));
    } finally {
      await other.close();
      await bare.close();
    }
  });

  it("has no serious accessibility violations on the sessions list", async () => {
    const violations = await blockingViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
  });

  it("filters the list through the URL and keeps the filter on reload", async () => {
    await page.getByLabel("Status").selectOption("Open");
    await page.waitForURL(/\?status=Open$/);
    await page.getByText("No session matches these filters").waitFor();
    assert.equal(await page.locator("[data-testid=session-row]").count(), 0);
    await page.reload();
    assert.equal(await page.getByLabel("Status").inputValue(), "Open");
    await page.getByLabel("Status").selectOption("Settled");
    await page.locator(`[data-testid=session-row][data-session-id="${sessionId}"]`).waitFor();
    await page.getByLabel("Status").selectOption("");
    await page.waitForURL((url) => url.search === "");
  });

  it("pages the list 20 at a time, newest first, with each page at its own URL", async () => {
    // 21 more open sessions: 22 in all, so page 2 holds the two oldest.
    for (let i = 0; i < 21; i++) {
      await createSession(stack!.chain, {
        wallet: stack!.submitter,
        taskHash: keccak256(stringToBytes(`paging ${i}`)), taskURI: `data:text/plain,paging%20${i}`,
        agentIds: stack!.panel.map((a) => a.agentId), orchestrator: stack!.orchestrator.account.address, maxRounds: 1, bounty: parseEther("0.01"),
      });
    }
    const newest = sessionId + 21n;
    await page.goto(server!.url);
    await page.locator(`[data-testid=session-row][data-session-id="${newest}"]`).waitFor();
    assert.equal(await page.locator("[data-testid=session-row]").count(), 20);
    assert.equal(await page.locator("[data-testid=session-row]").first().getAttribute("data-session-id"), String(newest));
    await page.getByRole("caption").filter({ hasText: "Sessions 1–20 of 22" }).waitFor();
    await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Page 2" }).click();
    await page.waitForURL(/\?page=2$/);
    await page.locator(`[data-testid=session-row][data-session-id="${sessionId}"]`).waitFor();
    const ids = await page.locator("[data-testid=session-row]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-session-id")));
    assert.deepEqual(ids, [String(sessionId + 1n), String(sessionId)]);
    // The task carried in a data: URI is shown as text.
    assert.equal(await page.locator(`[data-testid=session-row][data-session-id="${sessionId + 1n}"] td`).nth(1).textContent(), "paging 0");
    await page.goBack();
    await page.locator(`[data-testid=session-row][data-session-id="${newest}"]`).waitFor();
  });

  it("explains on the session page why each agent got what it got, with the chain's payouts", async () => {
    const [settled] = await getSessionSettledLogs(stack!.clients.publicClient, {
      address: stack!.deployment.contracts.Sessions, sessionId, fromBlock: BigInt(stack!.deployment.deployedAtBlock),
    });
    assert.ok(settled);
    await page.goto(`${server!.url}/sessions/${sessionId}`);
    const section = page.getByTestId("settlement");
    await section.waitFor();
    const rows = section.getByTestId("settlement-agent");
    assert.equal(await rows.count(), stack!.panel.length);
    // Rows in agent order; named from the transcript when the server has one, else "agent #id".
    for (const i of stack!.panel.keys()) {
      const row = rows.nth(i);
      assert.equal(await row.getAttribute("data-payout"), settled.payouts[i]!.toString());
      assert.equal(await row.locator("td").count(), ROUNDS + 3, "one cell per round, then quality, payout and why");
    }
    assert.match(await section.getByTestId("settlement-rule").textContent() ?? "", /net\/n × its mean level/);
    assert.equal(await section.getByTestId("settlement-unearned").locator("strong").textContent(), formatEth(settled.unearned));
    assert.equal(await page.getByTestId("dispute-notice").count(), 0, "every round had every agent: nothing to dispute");
    const violations = await blockingViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.screenshot({ path: path.join(screenshots, "session-payouts.png"), fullPage: true });
  });

  it("connects agent 1's operator, claims its payout, and the balance rises by it", async () => {
    const { publicClient } = stack!.clients;
    const operator = stack!.clients.walletFor(devnetAccount(1));
    const account = operator.account.address;
    // The UI has no royalty-distribution button yet: move agent 1's royalty to its operator from here.
    await distributeRoyalties(stack!.chain, { wallet: operator, sessionId });
    const onChain = () => publicClient.readContract({
      address: stack!.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "claimable", args: [zeroAddress, account],
    });
    const owed = await onChain();
    assert.ok(owed > 0n, "agent 1's operator has a payout to claim");
    const balanceBefore = await publicClient.getBalance({ address: account });

    await page.locator("#dev-account").selectOption(account);
    await page.getByRole("button", { name: "Use dev account" }).click();
    await page.getByTestId("connected-address").filter({ hasText: account }).waitFor();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Payouts" }).click();
    const eth = page.locator("[data-testid=claim-row][data-token=ETH]");
    const amount = eth.getByTestId("claimable-amount");
    await amount.filter({ hasText: formatEth(owed) }).waitFor();
    assert.equal(await amount.textContent(), formatEth(owed));

    const status = eth.getByTestId("claim-status");
    await eth.locator("[data-testid=claim-status][data-state=ready]").waitFor();
    await page.getByRole("button", { name: "Claim ETH", exact: true }).click();
    await eth.locator("[data-testid=claim-status][data-state=confirmed]").waitFor();
    const hash = (await status.textContent())?.match(/0x[0-9a-fA-F]{64}/)?.[0] as Hex | undefined;
    assert.ok(hash, "the confirmed state names its transaction");
    const receipt = await publicClient.getTransactionReceipt({ hash });
    assert.equal(receipt.status, "success");
    assert.equal(receipt.from.toLowerCase(), account.toLowerCase());
    const balanceAfter = await publicClient.getBalance({ address: account });
    assert.equal(balanceAfter - balanceBefore, owed - receipt.gasUsed * receipt.effectiveGasPrice);
    assert.equal(await onChain(), 0n);
    await amount.filter({ hasText: formatEth(0n) }).waitFor();
    await page.screenshot({ path: path.join(screenshots, "claimed.png"), fullPage: true });

    // A second claim would revert with NothingToClaim; the UI refuses it before sending.
    assert.equal(await page.getByRole("button", { name: "Claim ETH", exact: true }).isDisabled(), true);
  });

  it("shows the decoded reason when a claim reverts because another claim got there first", async () => {
    const { publicClient } = stack!.clients;
    const other = stack!.clients.walletFor(devnetAccount(2)); // agent 2's operator, paid by distributeRoyalties above
    const account = other.account.address;
    const rpc = (method: string, params: unknown[] = []) => devnetRpc(stack!.deployment.rpcUrl, method, params);
    await page.getByRole("button", { name: "Disconnect" }).click();
    await page.locator("#dev-account").selectOption(account);
    await page.getByRole("button", { name: "Use dev account" }).click();
    await page.getByTestId("connected-address").filter({ hasText: account }).waitFor();
    const eth = page.locator("[data-testid=claim-row][data-token=ETH]");
    await eth.locator("[data-testid=claim-status][data-state=ready]").waitFor();
    // The same account claims from elsewhere (another tab, a script) and that transaction waits in
    // the mempool, so the page still sees the payout as claimable and lets the user press Claim.
    await rpc("evm_setAutomine", [false]);
    let elsewhere: Hex | undefined;
    try {
      elsewhere = await other.writeContract({ address: stack!.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "claim", args: [zeroAddress] });
      await page.getByRole("button", { name: "Claim ETH", exact: true }).click();
      await eth.locator("[data-testid=claim-status][data-state=failed]").waitFor();
    } finally {
      await rpc("evm_setAutomine", [true]);
      await rpc("evm_mine");
    }
    const text = await eth.getByTestId("claim-status").textContent();
    assert.equal(text, `The claim was not sent: reverted: NothingToClaim(${zeroAddress}, ${account})`);
    assert.equal((await publicClient.waitForTransactionReceipt({ hash: elsewhere! })).status, "success");
    // Once the other claim is mined the page follows the chain to 0 and keeps the reason on screen.
    await eth.getByTestId("claimable-amount").filter({ hasText: formatEth(0n) }).waitFor();
    assert.equal(await eth.getByTestId("claim-status").textContent(), text);
    await page.screenshot({ path: path.join(screenshots, "claim-reverted.png"), fullPage: true });
  });
});

/** When the page, the main bundle and the first JSON-RPC answer arrived (ms from navigation start). */
async function loadBreakdown(page: Page): Promise<string> {
  return page.evaluate(() => {
    const entries = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const end = (match: (name: string) => boolean) => {
      const found = entries.find((e) => match(new URL(e.name).pathname));
      return found === undefined ? "?" : found.responseEnd.toFixed(0);
    };
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    return `html ${nav?.responseEnd.toFixed(0) ?? "?"}, main bundle ${end((p) => /^\/assets\/index-.*\.js$/.test(p))}, ` +
      `first /rpc ${end((p) => p === "/rpc")}, ` +
      `${entries.filter((e) => new URL(e.name).pathname === "/rpc").length} /rpc calls so far`;
  });
}

/** A devnet-only JSON-RPC call (evm_setAutomine, evm_mine) straight to the node. */
async function devnetRpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}
