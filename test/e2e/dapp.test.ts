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
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core";
import { formatEther, keccak256, parseEther, stringToBytes, zeroAddress, type Hex } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { getSessionSettledLogs } from "@concord/agent-sdk/protocol";
import { generateWordProblem, seededRandom } from "@concord/agent-sdk/providers";
import { startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { createSession, distributeRoyalties, readRoundTerms } from "@concord/orchestrator/chain/actions/index.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { runSession } from "@concord/orchestrator/rounds/run-session.ts";
import { startDappServer, type DappServer } from "@concord/orchestrator/web/dapp-server.ts";
import { absoluteTime, formatEth, roundDecimal } from "@concord/app/lib/format.ts";
import { readFile } from "node:fs/promises";
import { blockingViolations, describeViolations } from "../support/accessibility.ts";
import { connectDevAccount, openWalletMenu, waitForAmount } from "./wallet-helpers.ts";
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
  /** When the session was created and settled (its blocks' timestamps, ms). */
  let createdMs: number;
  let settledMs: number;
  /** The transactions that created and settled it. */
  let createdTx: Hex;
  let settledTx: Hex;
  let claimHash: Hex | undefined;
  /** The last round's winner (panel index): the session's final answer. */
  let lastWinner: number;

  before(async () => {
    const executablePath = ensureChromium();
    stack = await startLocalStack();
    const problem = generateWordProblem(seededRandom("e2e"));
    ({ sessionId, txHash: createdTx } = await createSession(stack.chain, {
      wallet: stack.submitter,
      taskHash: keccak256(stringToBytes(problem.text)),
      agentIds: stack.panel.map((a) => a.agentId),
      orchestrator: stack.orchestrator.account.address,
      maxRounds: ROUNDS,
      bounty: BOUNTY,
    }));
    lastWinner = (await runSession(
      { nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator },
      { sessionId, task: problem.text, panel: stack.panel, minRounds: ROUNDS, maxRounds: ROUNDS, effort: 0.6, phaseTimeoutMs: 30_000, roundTerms: await readRoundTerms(stack.chain, { sessionId }) },
    )).rounds.at(-1)!.winnerIndex;
    const { publicClient } = stack.clients;
    const blockMs = async (blockNumber: bigint) => Number((await publicClient.getBlock({ blockNumber })).timestamp) * 1000;
    createdMs = await blockMs((await publicClient.getTransactionReceipt({ hash: createdTx })).blockNumber);
    const [settledEvent] = await getSessionSettledLogs(publicClient, { address: stack.deployment.contracts.Sessions, sessionId, fromBlock: BigInt(stack.deployment.deployedAtBlock) });
    settledMs = await blockMs(settledEvent!.blockNumber);
    settledTx = settledEvent!.txHash;
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
    // The agents' names arrive after the first render (the server listens for their heartbeats).
    await row.locator(".agent-name").filter({ hasText: `${stack!.panel[0]!.name} (#` }).first().waitFor();
    // When it was created and settled: its blocks' times, relative, exact on hover.
    await assertTime(row.locator("time[data-testid=session-created]"), createdMs);
    await assertTime(row.locator("time[data-testid=session-ended]"), settledMs);
    assert.match(await row.getByTestId("session-times").textContent() ?? "", /settled (just now|\d+ s ago|\d+ min ago)$/);
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
      // Both with their times read.
      await row.locator("time[data-testid=session-ended]").waitFor();
      await seeded.locator("time[data-testid=session-ended]").waitFor();
      // The same cells; agents by id (their names come from the server's NATS connection, which
      // this bare server lacks, so here they go by "Agent #id").
      assert.deepEqual(await rowCells(row), await rowCells(seeded));
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
    assert.equal(await page.locator(`[data-testid=session-row][data-session-id="${sessionId + 1n}"]`).getByTestId("session-task").textContent(), "paging 0");
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
    // Rows in agent order; named from the transcript when the server has one, else "Agent #id".
    for (const i of stack!.panel.keys()) {
      const row = rows.nth(i);
      assert.equal(await row.getAttribute("data-payout"), settled.payouts[i]!.toString());
      // Named with its picture, linking to its page.
      await row.locator(`a.agent-name[data-agent-id="${stack!.panel[i]!.agentId}"] img.avatar`).waitFor();
      assert.equal(await row.locator("td").count(), ROUNDS + 3, "one cell per round, then quality, payout and why");
    }
    assert.match(await section.getByTestId("settlement-rule").textContent() ?? "", /^Each agent gets net\/n × its mean level.*winning earns nothing extra.*treasury\.$/);
    assert.match(await section.getByTestId("settlement-doc").textContent() ?? "", /docs\/economics\.md \(§2 The rule\)/);
    // Its creation, settlement and each round's record, dated by their blocks.
    await assertTime(page.locator("time[data-testid=session-created]"), createdMs);
    await assertTime(page.locator("time[data-testid=session-ended]"), settledMs);
    // With the transactions that created and settled it, linked to the transaction view.
    assert.equal(await page.getByTestId("session-created-fact").locator("a.tx-link").getAttribute("href"), `/tx/${createdTx}`);
    assert.equal(await page.getByTestId("session-ended-fact").locator("a.tx-link").getAttribute("href"), `/tx/${settledTx}`);
    await page.locator("time[data-testid=round-recorded-at]").nth(ROUNDS - 1).waitFor();
    assert.equal(await page.getByTestId("round-recorded-at").count(), ROUNDS);
    // When the final answer's author was paid less than another agent, the page says why.
    const winner = lastWinner;
    const paidMore = settled.payouts.some((p) => p > settled.payouts[winner]!);
    assert.equal(await section.getByTestId("settlement-winner-note").count(), paidMore ? 1 : 0);
    if (paidMore) assert.match(await section.getByTestId("settlement-winner-note").textContent() ?? "", /answer won, yet .* earned less than .*: the payout follows the votes/);
    assert.equal(await section.getByTestId("settlement-unearned").locator("[data-amount]").getAttribute("data-amount"), settled.unearned.toString());
    assert.equal(await section.getByTestId("settlement-unearned").locator("[data-amount]").getAttribute("title"), formatEth(settled.unearned));
    assert.equal(await page.getByTestId("dispute-notice").count(), 0, "every round had every agent: nothing to dispute");
    const violations = await blockingViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.screenshot({ path: path.join(screenshots, "session-payouts.png"), fullPage: true });
  });

  it("links the payout rule to docs/economics.md, served read-only by the dApp server and opened at the rule", async () => {
    const economics = await fetch(`${server!.url}/docs/economics.md`);
    assert.equal(economics.status, 200);
    assert.equal(economics.headers.get("content-type"), "text/markdown; charset=utf-8");
    assert.equal(await economics.text(), await readFile(path.join(root, "docs/economics.md"), "utf8"));
    assert.equal((await fetch(`${server!.url}/docs/protocol.md`)).status, 200);
    for (const other of ["/docs/security.md", "/docs/..%2fREADME.md", "/docs/%2e%2e/README.md", "/docs/screenshots/x.md"]) {
      assert.equal((await fetch(`${server!.url}${other}`)).status, 404, other);
    }
    await page.goto(`${server!.url}/sessions/${sessionId}`);
    await page.getByTestId("settlement-doc-link").click();
    await page.waitForURL(/\/docs\/economics#2-the-rule$/);
    const heading = page.getByTestId("doc-page").locator(`h3[id="2-the-rule"]`);
    await heading.waitFor();
    assert.equal(await heading.textContent(), "2. The rule");
    // Opened at the rule, not at the top of the document.
    await page.waitForFunction(() => {
      const top = document.getElementById("2-the-rule")?.getBoundingClientRect().top;
      return top !== undefined && top >= 0 && top < 200;
    });
    await page.waitForFunction(() => document.title === "Economics · Concord");
    const violations = await blockingViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.goBack();
    await page.getByTestId("settlement").waitFor();
    // Every page's footer leads to the protocol too.
    await page.getByTestId("footer-protocol").click();
    await page.waitForURL(/\/docs\/protocol$/);
    await page.getByTestId("doc-page").locator(`h2[id="the-concord-protocol-as-built"]`).waitFor();
    await page.waitForFunction(() => document.title === "Protocol · Concord");
    await page.goBack();
    await page.getByTestId("settlement").waitFor();

    // A server told where the documents live on the web links there instead.
    const docsUrl = "https://example.org/concord/blob/main/docs";
    const elsewhere = await startDappServer({ distDir: path.join(root, "app/dist"), deployment: stack!.deployment, port: 0, docs: { url: docsUrl }, sessionLogs: false });
    const other = await context!.newPage();
    try {
      await other.goto(`${elsewhere.url}/sessions/${sessionId}`);
      assert.equal(await other.getByTestId("settlement-doc-link").getAttribute("href"), `${docsUrl}/economics.md#2-the-rule`);
    } finally {
      await other.close();
      await elsewhere.close();
    }
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

    await connectDevAccount(page, account);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Payouts" }).click();
    const eth = page.locator("[data-testid=claim-row][data-token=ETH]");
    const amount = eth.getByTestId("claimable-amount");
    await waitForAmount(amount, owed);
    // Each session's payouts say when it settled.
    await assertTime(page.locator(`[data-testid=session-payouts][data-session-id="${sessionId}"] time[data-testid=payouts-settled-at]`), settledMs);
    // Rounded for reading, exact on hover.
    assert.equal(await amount.getAttribute("title"), formatEth(owed));
    assert.equal(await amount.textContent(), `${roundDecimal(formatEther(owed))} ETH`);

    const status = eth.getByTestId("claim-status");
    await eth.locator("[data-testid=claim-status][data-state=ready]").waitFor();
    await page.getByRole("button", { name: "Claim ETH", exact: true }).click();
    await eth.locator("[data-testid=claim-status][data-state=confirmed]").waitFor();
    const hash = (await status.getAttribute("data-hash")) as Hex | undefined;
    assert.ok(hash, "the confirmed state names its transaction");
    const receipt = await publicClient.getTransactionReceipt({ hash });
    assert.equal(receipt.status, "success");
    assert.equal(receipt.from.toLowerCase(), account.toLowerCase());
    const balanceAfter = await publicClient.getBalance({ address: account });
    assert.equal(balanceAfter - balanceBefore, owed - receipt.gasUsed * receipt.effectiveGasPrice);
    assert.equal(await onChain(), 0n);
    await waitForAmount(amount, 0n);
    await page.getByTestId("notice").filter({ hasText: "Claim of ETH confirmed" }).waitFor();
    await page.screenshot({ path: path.join(screenshots, "claimed.png"), fullPage: true });
    claimHash = hash;

    // A second claim would revert with NothingToClaim; the UI refuses it before sending.
    assert.equal(await page.getByRole("button", { name: "Claim ETH", exact: true }).isDisabled(), true);
  });

  it("shows the decoded reason when a claim reverts because another claim got there first", async () => {
    const { publicClient } = stack!.clients;
    const other = stack!.clients.walletFor(devnetAccount(2)); // agent 2's operator, paid by distributeRoyalties above
    const account = other.account.address;
    const rpc = (method: string, params: unknown[] = []) => devnetRpc(stack!.deployment.rpcUrl, method, params);
    await connectDevAccount(page, account);
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
    await waitForAmount(eth.getByTestId("claimable-amount"), 0n);
    assert.equal(await eth.getByTestId("claim-status").textContent(), text);
    await page.screenshot({ path: path.join(screenshots, "claim-reverted.png"), fullPage: true });
  });
  it("keeps the wallet in a compact header menu and reconnects the dev account after a reload", async () => {
    const account = stack!.clients.walletFor(devnetAccount(2)).account.address;
    await page.goto(server!.url);
    const connected = page.locator(`[data-testid=connected-address][data-address="${account}"]`);
    await connected.waitFor();
    // The menu is closed: no account list fills the first screen.
    assert.equal(await page.locator("button.dev-account").count(), 0);
    assert.match(await page.getByTestId("wallet-network").textContent() ?? "", /Devnet/);
    await page.getByTestId("wallet-balance").locator("[data-amount]").waitFor();
    const header = await page.locator("header.site").boundingBox();
    assert.ok(header !== null && header.height < 160, `the header is ${header?.height} px tall`);
    await page.reload();
    await connected.waitFor();
    // Disconnected, it stays disconnected after a reload; the menu lists the dev accounts.
    await openWalletMenu(page);
    await page.locator(".wallet-panel").getByRole("button", { name: "Disconnect" }).click();
    await page.reload();
    await page.locator("[data-testid=wallet][data-status=disconnected]").waitFor();
    await openWalletMenu(page);
    assert.equal(await page.locator("button.dev-account").count(), 20);
    const violations = await blockingViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await connectDevAccount(page, account);
  });

  it("links each transaction to the dApp's own transaction view, decoded with the ABIs", async () => {
    assert.ok(claimHash, "the claim above ran");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sessions" }).click();
    await page.goto(`${server!.url}/sessions/${sessionId}`);
    const roundTx = page.getByTestId("round").first().locator("a.tx-link");
    await roundTx.waitFor();
    assert.match(await roundTx.getAttribute("href") ?? "", /^\/tx\/0x[0-9a-f]{64}$/);
    await page.goto(`${server!.url}/tx/${claimHash}`);
    const view = page.getByTestId("tx-page");
    await view.locator("[data-testid=tx-status]").filter({ hasText: "Success" }).waitFor();
    const operator = stack!.clients.walletFor(devnetAccount(1)).account.address;
    await view.getByTestId("tx-from").locator(`[data-address="${operator}"]`).waitFor();
    await view.getByTestId("tx-to").filter({ hasText: "Sessions" }).waitFor();
    assert.match(await view.getByTestId("tx-block").textContent() ?? "", /^\d+/);
    assert.match(await view.getByTestId("tx-gas").textContent() ?? "", /^\d+ used of \d+$/);
    // The value rounded for reading, exact on hover (a claim sends none).
    assert.equal(await view.getByTestId("tx-value").locator("[data-amount]").getAttribute("data-amount"), "0");
    assert.equal(await view.getByTestId("tx-value").locator("[data-amount]").getAttribute("title"), "0 ETH");
    await view.locator("[data-testid=tx-call][data-function=claim]").waitFor();
    await view.locator("[data-testid=tx-event][data-event=PayoutClaimed]").waitFor();
    assert.equal(await page.title(), `Transaction ${claimHash.slice(0, 8)}…${claimHash.slice(-4)} · Concord`);
    // Its sender links to the address view, which names the agents it operates.
    await view.getByTestId("tx-from").getByRole("link").first().click();
    await page.getByTestId("address-page").getByRole("link", { name: new RegExp(`#${stack!.panel[0]!.agentId}\\)?$`) }).waitFor();
    const violations = await blockingViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
  });

  it("names agents with their avatars in the list and gives each a page with its history, win rate and earnings", async () => {
    const agent = stack!.panel[0]!;
    // The settled session is on the list's second page by now (21 newer ones were opened above).
    await page.goto(`${server!.url}/?page=2`);
    const row = page.locator(`[data-testid=session-row][data-session-id="${sessionId}"]`);
    // Named as they run (their heartbeats), linking to their pages.
    const link = row.locator(`a.agent-name[data-agent-id="${agent.agentId}"]`).first();
    await link.filter({ hasText: `${agent.name} (#${agent.agentId})` }).waitFor();
    assert.equal(await link.locator("img.avatar").count(), 1);
    await link.click();
    await page.waitForURL(new RegExp(`/agents/${agent.agentId}$`));
    const profile = page.getByTestId("agent-page");
    await profile.getByRole("heading", { name: `${agent.name} (#${agent.agentId})` }).waitFor();
    await profile.locator(`[data-testid=agent-history-row][data-session-id="${sessionId}"]`).waitFor();
    assert.match(await profile.getByTestId("agent-win-rate").textContent() ?? "", /^\d+(\.\d)? % \(\d+ of \d+ settled\)$/);
    await profile.getByTestId("agent-earnings").locator("[data-amount]").first().waitFor();
    await assertTime(profile.locator(`[data-testid=agent-history-row][data-session-id="${sessionId}"] time[data-testid=agent-history-created]`), createdMs);
    // Its reliability, as the contract weighs its votes in sessions created now.
    const [, endorsed, weight] = await stack!.clients.publicClient.readContract({
      address: stack!.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "history", args: [agent.agentId],
    });
    const reliability = profile.locator(`[data-testid=agent-reliability][data-weight="${weight}"]`);
    await reliability.waitFor();
    assert.match(await reliability.textContent() ?? "", new RegExp(`^weight ${weight} of 15 \\(its peers endorsed its first answer in ${endorsed} of \\d+ settled sessions?\\)$`));
    // The agents list shows each agent's weight too.
    await page.goto(`${server!.url}/agents`);
    const listed = page.locator(`[data-testid=agent-row][data-agent-id="${agent.agentId}"] [data-testid=agent-weight]`);
    await listed.waitFor();
    assert.equal(await listed.textContent(), weight.toString());
    await page.goBack();
    await profile.locator(`[data-testid=agent-reliability][data-weight="${weight}"]`).waitFor();
    await page.waitForFunction((title) => document.title === title, `${agent.name} (#${agent.agentId}) · Concord`);
    const violations = await blockingViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.screenshot({ path: path.join(screenshots, "agent.png"), fullPage: true });
  });

  it("says plainly when a page, a session or an agent does not exist", async () => {
    await page.goto(`${server!.url}/no/such/page`);
    await page.getByTestId("not-found").getByRole("heading", { name: "Page not found" }).waitFor();
    assert.equal(await page.title(), "Page not found · Concord");
    const started = performance.now();
    await page.goto(`${server!.url}/sessions/999`);
    await page.getByTestId("not-found").getByRole("heading", { name: "Session 999 not found" }).waitFor({ timeout: 5_000 });
    assert.ok(performance.now() - started < 5_000);
    await page.waitForFunction(() => document.title === "Session 999 not found · Concord");
    await page.goto(`${server!.url}/agents/999`);
    await page.getByTestId("not-found").getByRole("heading", { name: "Agent #999 not found" }).waitFor({ timeout: 5_000 });
    await page.goto(`${server!.url}/tx/0x${"ab".repeat(32)}`);
    await page.getByTestId("not-found").getByRole("heading", { name: "Transaction not found" }).waitFor({ timeout: 10_000 });
    const violations = await blockingViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
  });

  it("follows the system's dark mode, still accessible", async () => {
    await page.emulateMedia({ colorScheme: "dark" });
    try {
      await page.goto(`${server!.url}/sessions/${sessionId}`);
      await page.getByTestId("settlement").waitFor();
      const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      const [r, g, b] = background.match(/\d+/g)!.map(Number);
      assert.ok(r! + g! + b! < 3 * 64, `a dark background, not ${background}`);
      const violations = await blockingViolations(page);
      assert.equal(violations.length, 0, describeViolations(violations));
      await page.getByTestId("session-agents").locator(".agent-name").filter({ hasText: `${stack!.panel[0]!.name} (#` }).waitFor();
      await page.screenshot({ path: path.join(screenshots, "session-dark.png"), fullPage: true });
      for (const [url, ready] of [
        ["/?page=2", `[data-testid=session-row][data-session-id="${sessionId}"]`],
        ["/payouts", "[data-testid=session-payouts]"],
        ["/agents", "[data-testid=agent-row]"],
        [`/tx/${claimHash}`, "[data-testid=tx-event]"],
        ["/submit", "form.submit"],
        ["/docs/economics", "[data-testid=doc-page] table"],
      ]) {
        await page.goto(`${server!.url}${url}`);
        await page.locator(ready!).first().waitFor();
        const more = await blockingViolations(page);
        assert.equal(more.length, 0, `${url}: ${describeViolations(more)}`);
      }
    } finally {
      await page.emulateMedia({ colorScheme: "light" });
    }
  });

  it("fits a 390 px wide phone: no page scrolls sideways, addresses stay whole", async () => {
    const phone = await context!.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    try {
      const pages: [string, string][] = [
        ["/?page=2", `[data-testid=session-row][data-session-id="${sessionId}"]`],
        [`/sessions/${sessionId}`, "[data-testid=settlement]"],
        ["/agents", "[data-testid=agent-row]"],
        [`/agents/${stack!.panel[0]!.agentId}`, "[data-testid=agent-history-row]"],
        ["/payouts", "[data-testid=claim-row]"],
        [`/tx/${claimHash}`, "[data-testid=tx-event]"],
        ["/docs/economics", "[data-testid=doc-page] table"],
      ];
      for (const [url, ready] of pages) {
        await phone.goto(`${server!.url}${url}`);
        await phone.locator(ready).first().waitFor();
        const { scrollWidth, clientWidth } = await phone.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
        assert.ok(scrollWidth <= clientWidth, `${url} is ${scrollWidth} px wide on a ${clientWidth} px screen`);
        // A short address is one line: its height is one line's, not broken into pieces.
        const address = phone.locator(".address").first();
        if ((await address.count()) > 0) {
          const box = await address.boundingBox();
          assert.ok(box !== null && box.height < 40, `${url}: an address ${box?.height} px tall`);
        }
      }
      await phone.goto(`${server!.url}/?page=2`);
      await phone.locator(`[data-testid=session-row][data-session-id="${sessionId}"]`).waitFor();
      await phone.locator(".agent-name").filter({ hasText: `${stack!.panel[0]!.name} (#` }).first().waitFor();
      // The wallet's menu opens within the screen too.
      await openWalletMenu(phone);
      const panel = await phone.locator(".wallet-panel").boundingBox();
      assert.ok(panel !== null && panel.x >= 0 && panel.x + panel.width <= 390, `the wallet menu spans ${panel?.x}..${(panel?.x ?? 0) + (panel?.width ?? 0)}`);
      await phone.locator("details.wallet-menu > summary").click();
      await phone.screenshot({ path: path.join(screenshots, "sessions-phone.png"), fullPage: true });
    } finally {
      await phone.close();
    }
  });
});

/** A list row's cells as text, with agents as their ids and times as the moments they name. */
async function rowCells(row: Locator): Promise<string[]> {
  return row.locator("th, td").evaluateAll((cells) => cells.map((cell) => {
    const agents = [...cell.querySelectorAll(".agent-name")].map((a) => `agent ${a.getAttribute("data-agent-id")}`);
    const times = [...cell.querySelectorAll("time")].map((t) => t.getAttribute("datetime"));
    return agents.length > 0 ? agents.join(", ") : times.length > 0 ? times.join(", ") : cell.textContent ?? "";
  }));
}

/** A time shown relative to now for `ms`: the moment in its datetime, the exact time on hover. */
async function assertTime(time: Locator, ms: number): Promise<void> {
  await time.waitFor();
  assert.equal(await time.getAttribute("datetime"), new Date(ms).toISOString());
  assert.equal(await time.getAttribute("title"), absoluteTime(ms));
  assert.match(await time.textContent() ?? "", /^(just now|\d+ s ago|\d+ min ago)$/);
}

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
