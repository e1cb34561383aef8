// The submit → settle → payout path in a real browser (Debian chromium via playwright-core) on
// real parts: a hardhat node, nats-server, three agent processes and a job worker in this process.
// The submitter (devnet account 9) submits through the form and signs the job request with the
// connected wallet; POST /api/jobs queues the job; the
// worker runs it to settlement; agent 1's operator claims on the payouts page.
// Also: distributing a royalty nobody distributed, an ERC-20 bounty (approve → create), a refund
// after the deadline, a validation message, the agents page and EIP-6963 wallet buttons.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, mkdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page, type Route } from "playwright-core";
import { erc20Abi, formatEther, keccak256, parseEther, stringToBytes, verifyTypedData, zeroAddress, type Address, type Hex } from "viem";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import {
  encodeBallotVotes, fullRoundAttestations, jobRequestTypedData, roundProposalsHash, type SessionJob, sessionStatusCode, signBallot,
} from "@concord/agent-sdk/protocol";
import { generateWordProblem, seededRandom, solveWordProblem } from "@concord/agent-sdk/providers";
import { ROLES, startLocalStack, type LocalStack } from "@concord/orchestrator/devnet/local-stack.ts";
import { createSession, readRoundTerms, recordRound, settleSession } from "@concord/orchestrator/chain/actions/index.ts";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { startJobWorker, type JobWorker } from "@concord/orchestrator/jobs/job-worker.ts";
import { startDappServer, type DappServer } from "@concord/orchestrator/web/dapp-server.ts";
import { CHROMIUM_ARGS, ensureChromium } from "@concord/bench/browser/ensure-chromium.ts";
import { connectDevAccount, disconnectWallet, openWalletMenu, waitForAmount } from "./wallet-helpers.ts";
import { blockingViolations, describeViolations } from "../support/accessibility.ts";
import type { SessionOutcome } from "@concord/orchestrator/rounds/types.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const screenshots = process.env.CONCORD_SCREENSHOTS === "1" ? path.join(root, "docs/screenshots") : path.join(os.tmpdir(), "concord-screenshots");

describe("submitting a task in Debian chromium", { timeout: 120_000 }, () => {
  const started = performance.now();
  let stack: LocalStack;
  let server: DappServer;
  let worker: JobWorker;
  let context: BrowserContext | undefined;
  let profileDir: string | undefined;
  let page: Page;
  let ethSession: bigint;
  const submitter = devnetAccount(ROLES.submitter).address;
  const operator = devnetAccount(ROLES.firstOperator).address; // agent 1's operator and sole recipient
  // What the job worker settled, by session id (the page may land after the settlement).
  const outcomes = new Map<string, SessionOutcome>();
  /** The job each session started with, as the worker took it off the queue. */
  const jobs = new Map<string, SessionJob>();
  const waiting = new Map<string, (outcome: SessionOutcome) => void>();
  const settledOnce = (id: bigint) =>
    new Promise<SessionOutcome>((resolve) => {
      const known = outcomes.get(id.toString());
      if (known) resolve(known);
      else waiting.set(id.toString(), resolve);
    });
  const sessions = () => stack.deployment.contracts.Sessions;
  const agentKeys: Hex[] = [generatePrivateKey(), generatePrivateKey(), generatePrivateKey()];
  const getSession = (id: bigint) => stack.clients.publicClient.readContract({ address: sessions(), abi: sessionsAbi, functionName: "getSession", args: [id] });

  before(async () => {
    const executablePath = ensureChromium();
    stack = await startLocalStack({ agentKeys });
    server = await startDappServer({
      distDir: path.join(root, "app/dist"), deployment: stack.deployment, port: 0, nc: stack.nc,
      natsWebsocket: { url: stack.nats.websocketUrl, ...stack.viewer! },
    });
    worker = await startJobWorker({
      nc: stack.nc, chain: stack.chain, orchestrator: stack.orchestrator, owner: "e2e-submit",
      reporterFor: (job) => void jobs.set(job.sessionId, job),
      onSettled: (outcome) => {
        outcomes.set(outcome.sessionId.toString(), outcome);
        waiting.get(outcome.sessionId.toString())?.(outcome);
      },
    });
    profileDir = await mkdtemp(path.join(os.tmpdir(), "concord-chromium-"));
    context = await chromium.launchPersistentContext(profileDir, { executablePath, headless: true, args: CHROMIUM_ARGS });
    page = context.pages()[0] ?? (await context.newPage());
    await mkdir(screenshots, { recursive: true });
    await page.goto(`${server.url}/submit`);
  });

  after(async () => {
    await context?.close().catch(() => {});
    await worker?.stop();
    await server?.close().catch(() => {});
    await stack?.stop();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
    console.log(`# submit browser test: ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
  });

  /** Connects a devnet account from the header's wallet menu (no extension). */
  const connect = (account: Address) => connectDevAccount(page, account);
  /**
   * Clicks "Create session" once it is enabled; if it stays disabled, fails with what the form
   * shows (the check's state and text, the transaction's, the job's) instead of a bare timeout.
   */
  async function clickCreate() {
    try {
      await page.getByRole("button", { name: "Create session" }).click({ timeout: 25_000 });
    } catch (error) {
      const shown = await page.locator("form.submit").evaluate((form) =>
        [...form.querySelectorAll("[data-testid=preflight-status], [data-testid=create-status], [data-testid=job-status], [data-testid=agent-problem], .field-error")]
          .map((el) => `${el.getAttribute("data-testid") ?? "field-error"}[${el.getAttribute("data-state") ?? ""}]: ${el.textContent}`).join("\n"));
      throw new Error(`"Create session" could not be clicked; the form shows:\n${shown || "(no status)"}`, { cause: error });
    }
  }
  const go = (name: string) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name }).click();

  async function fillForm(task: string, bounty: string) {
    await page.locator("#task").fill(task);
    await page.locator("#bounty").fill(bounty);
    await page.locator("#minRounds").fill("1");
    await page.locator("#maxRounds").fill("2");
    for (const agent of stack.panel) await page.getByRole("checkbox", { name: new RegExp(`^Agent #${agent.agentId} `) }).check();
  }

  it("shows each invalid field's message and sends nothing", async () => {
    await connect(submitter);
    await page.locator("#bounty").fill("0");
    await page.getByRole("button", { name: "Create session" }).click();
    await page.getByTestId("form-errors").waitFor();
    assert.equal(await page.locator("#task-error").textContent(), "Describe the task.");
    assert.equal(await page.locator("#bounty-error").textContent(), "The bounty must be more than zero.");
    assert.equal(await page.locator("#agentIds-error").textContent(), "Choose 2 to 10 agents (0 chosen).");
    assert.equal(await page.locator("#task").getAttribute("aria-invalid"), "true");
    assert.equal(await page.getByTestId("create-status").getAttribute("data-state"), "idle");
    assert.equal(await getSessionCount(), 0n);
  });

  it("checks before money moves: a task the agents refuse shows each refusal and sends no transaction; a failed check says so; the fixed task goes through", async () => {
    await connect(submitter);
    // What each agent takes shows before a task is typed, from its heartbeat.
    for (const agent of stack.panel) {
      const declared = page.locator(`[data-testid=agent-choice][data-agent-id="${agent.agentId}"] [data-testid=agent-declaration]`);
      await declared.filter({ hasText: `takes arithmetic word problems (runs as ${agent.name})` }).waitFor();
    }
    const before = { balance: await balanceOf(submitter), sessions: await getSessionCount() };
    const create = page.getByRole("button", { name: "Create session" });
    const status = page.getByTestId("preflight-status");

    // The dApp server cannot be reached: the form says so and asks the wallet nothing.
    await page.route("**/api/preflight", (route) => route.abort("connectionrefused"));
    await fillForm("Write a sonnet about the sea.", "0.5");
    await create.click();
    await page.locator("[data-testid=preflight-status][data-state=failed]").waitFor();
    assert.match((await status.textContent())!, /^Could not check the submission before sending it: the dApp server could not be asked \(.+\)\. Nothing was sent and no bounty moved; try again\.$/);
    assert.equal(await page.getByTestId("create-status").getAttribute("data-state"), "idle");
    await page.unroute("**/api/preflight");

    // Reached: every agent refuses the task, each shown by its agent with its reason.
    await create.click();
    await page.locator("[data-testid=preflight-status][data-state=refused]").waitFor();
    for (const agent of stack.panel) {
      const problem = page.locator(`[data-testid=agent-choice][data-agent-id="${agent.agentId}"] [data-testid=agent-problem]`);
      assert.equal(await problem.textContent(), `Agent ${agent.name} declines: this simulated solver only answers arithmetic word problems of its family.`);
    }
    assert.match((await page.getByTestId("preflight-general").textContent())!, /0 of the 3 agents \(.+\) will answer this task/);
    assert.equal(await create.isDisabled(), true);
    await page.screenshot({ path: path.join(screenshots, "submit-refused.png"), fullPage: true });
    const violations = await blockingViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.equal(await page.getByTestId("create-status").getAttribute("data-state"), "idle");
    assert.deepEqual({ balance: await balanceOf(submitter), sessions: await getSessionCount() }, before, "no createSession was sent");

    // The check runs again as the fields change: a bounty of the whole balance leaves nothing for
    // gas, which the form's own check (bounty ≤ balance) lets through; said under the bounty.
    await page.locator("#bounty").fill(formatEther(before.balance));
    await page.locator("#bounty-error").filter({ hasText: /gas/ }).waitFor();
    const task = generateWordProblem(seededRandom("e2e-preflight")).text;
    await page.locator("#task").fill(task);
    for (const agent of stack.panel) {
      await page.locator(`[data-testid=agent-choice][data-agent-id="${agent.agentId}"] [data-testid=agent-answer][data-accepts=true]`).waitFor();
    }
    assert.match((await page.locator("#bounty-error").textContent())!, /gas/);
    assert.equal(await create.isDisabled(), true);
    // Fixed: the check passes and the button unlocks.
    await page.locator("#bounty").fill("0.5");
    await page.locator("[data-testid=preflight-status][data-state=passed]").waitFor();
    assert.equal(await create.isDisabled(), false);
    await create.click();
    await page.waitForURL(/\/sessions\/\d+$/);
    const id = BigInt(new URL(page.url()).pathname.split("/").pop()!);
    const done = settledOnce(id);
    assert.equal(id, before.sessions + 1n);
    assert.equal((await getSession(id)).taskHash, keccak256(stringToBytes(task)));
    // Let it finish before the next test submits.
    if ((await getSession(id)).status !== sessionStatusCode("Settled")) await done;
    await go("Submit a task");
  });

  it("offers example tasks the chosen agents answer, from their heartbeats; a click fills the task", async () => {
    await page.goto(`${server.url}/submit`);
    await connect(submitter);
    const examples = page.locator("[data-testid=task-examples][data-state=examples]");
    await examples.waitFor();
    assert.match(await examples.textContent() ?? "", /^The running agents answer arithmetic word problems/);
    for (const agent of stack.panel.slice(0, 2)) await page.getByRole("checkbox", { name: new RegExp(`^Agent #${agent.agentId} `) }).check();
    await examples.filter({ hasText: /^The chosen agents answer arithmetic word problems/ }).waitFor();
    const first = examples.getByTestId("task-example").first();
    const text = await first.textContent() ?? "";
    await first.click();
    assert.equal(await page.locator("#task").inputValue(), text);
    assert.doesNotThrow(() => solveWordProblem(text), "the shipped simulated solver parses the example");
    await page.locator("#task").fill("");
    for (const agent of stack.panel.slice(0, 2)) await page.getByRole("checkbox", { name: new RegExp(`^Agent #${agent.agentId} `) }).uncheck();
  });

  it("has no serious accessibility violations on the submit form", async () => {
    await page.getByRole("button", { name: "Create session" }).waitFor();
    const violations = await blockingViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
  });

  it("submits an ETH bounty through the form, the wallet signing its job request, and the session page follows it live to settlement", async () => {
    const task = generateWordProblem(seededRandom("e2e-submit")).text;
    await fillForm(task, "1");
    await page.screenshot({ path: path.join(screenshots, "submit.png"), fullPage: true });
    await clickCreate();
    await page.waitForURL(/\/sessions\/\d+$/);
    ethSession = BigInt(new URL(page.url()).pathname.split("/").pop()!);
    const done = settledOnce(ethSession);
    const session = await getSession(ethSession);
    assert.equal(session.submitter, submitter);
    assert.equal(session.bounty, parseEther("1"));
    assert.equal(session.token, zeroAddress);
    assert.equal(session.taskHash, keccak256(stringToBytes(task)));
    // The session page, opened by the form, follows the deliberation over the viewer's WebSocket.
    await page.locator("[data-testid=live-status][data-mode=live]").waitFor();
    const outcome = await done;
    assert.equal((await getSession(ethSession)).status, sessionStatusCode("Settled"));
    // The job ran with the submitter's signature, made by the page's connected wallet.
    const job = jobs.get(ethSession.toString())!;
    const typed = jobRequestTypedData({ chainId: stack.deployment.chainId, sessions: sessions(), sessionId: ethSession, task, effort: job.effort });
    assert.ok(await verifyTypedData({ ...typed, address: submitter, signature: job.signature! }), "the job request is the submitter's");
    await page.locator("[data-testid=session-page][data-status=Settled]").waitFor();
    assert.equal(await page.getByTestId("final-answer").textContent(), outcome.answer);
    assert.equal(await page.getByTestId("final-agent").textContent(), outcome.winner.name);
    assert.equal(await page.getByTestId("session-task").textContent(), task);
    const violations = await blockingViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
  });

  it("lets agent 1's operator distribute an undistributed royalty, see its breakdown and claim; the balance rises by exactly the payout less gas", async () => {
    const undistributed = await settledWithoutRoyalties();
    await connect(operator);
    await go("Payouts");
    // A session settled by someone who did not distribute: anyone may credit an agent's royalty.
    const pendingRow = page.locator(`[data-testid=session-payouts][data-session-id="${undistributed}"] [data-testid=agent-payout][data-agent-id="${stack.panel[0]!.agentId}"]`);
    await pendingRow.getByRole("button", { name: "Distribute to recipients" }).click();
    await pendingRow.locator("[data-testid=distribute-status][data-state=confirmed]").waitFor();
    const distributed = await stack.clients.publicClient.readContract({ address: sessions(), abi: sessionsAbi, functionName: "royaltyDistributed", args: [undistributed, 0n] });
    assert.equal(distributed, true);
    const table = page.locator(`[data-testid=session-payouts][data-session-id="${ethSession}"]`);
    // The orchestrator distributed every agent's royalty after settling (run-session), so the
    // breakdown shows it credited and the operator's part of agent 1's payout is claimable.
    const agentRow = table.locator(`[data-testid=agent-payout][data-agent-id="${stack.panel[0]!.agentId}"]`);
    await agentRow.getByTestId("royalty-state").filter({ hasText: "Credited to recipients" }).waitFor();
    assert.match((await agentRow.textContent())!, /\(you\)/);
    const owed = await stack.clients.publicClient.readContract({ address: sessions(), abi: sessionsAbi, functionName: "claimable", args: [zeroAddress, operator] });
    assert.ok(owed > 0n);
    const eth = page.locator("[data-testid=claim-row][data-token=ETH]");
    await waitForAmount(eth.getByTestId("claimable-amount"), owed);
    const before = await stack.clients.publicClient.getBalance({ address: operator });
    await eth.locator("[data-testid=claim-status][data-state=ready]").waitFor();
    await page.getByRole("button", { name: "Claim ETH", exact: true }).click();
    await eth.locator("[data-testid=claim-status][data-state=confirmed]").waitFor();
    const hash = (await eth.getByTestId("claim-status").getAttribute("data-hash")) as Hex;
    const receipt = await stack.clients.publicClient.getTransactionReceipt({ hash });
    const afterBalance = await stack.clients.publicClient.getBalance({ address: operator });
    assert.equal(afterBalance - before, owed - receipt.gasUsed * receipt.effectiveGasPrice);
    await waitForAmount(eth.getByTestId("claimable-amount"), 0n);
    // The claim's confirmation stays on screen, linking to its transaction.
    await page.getByTestId("notice").filter({ hasText: "Claim of ETH confirmed" }).locator(`[data-hash="${hash}"]`).waitFor();
    await page.screenshot({ path: path.join(screenshots, "payouts.png"), fullPage: true });
  });

  it("submits an ERC-20 bounty: approve (its own status), then create", async () => {
    const token = stack.deployment.tokens![0]!;
    const balance = () => stack.clients.publicClient.readContract({ address: token.address, abi: erc20Abi, functionName: "balanceOf", args: [submitter] });
    const before = await balance();
    await connect(submitter);
    await go("Submit a task");
    await page.locator("#currency").selectOption(token.symbol);
    await fillForm(generateWordProblem(seededRandom("e2e-token")).text, "5");
    await page.getByRole("button", { name: `Approve 5 ${token.symbol}` }).click();
    await page.locator("[data-testid=approve-status][data-state=confirmed]").waitFor();
    await clickCreate();
    await page.waitForURL(/\/sessions\/\d+$/);
    const id = BigInt(new URL(page.url()).pathname.split("/").pop()!);
    const done = settledOnce(id);
    const session = await getSession(id);
    assert.equal(session.token, token.address);
    assert.equal(session.bounty, parseEther("5"));
    assert.equal(before - (await balance()), parseEther("5"));
    // Let it finish before the next test moves the chain's clock.
    if ((await getSession(id)).status !== sessionStatusCode("Settled")) await done;
  });

  it("refunds a session that never ran once its deadline has passed", async () => {
    const { publicClient } = stack.clients;
    const now = (await publicClient.getBlock()).timestamp;
    const { sessionId } = await createSession(stack.chain, {
      wallet: stack.submitter,
      taskHash: keccak256(stringToBytes("never queued")), agentIds: stack.panel.map((a) => a.agentId),
      orchestrator: stack.orchestrator.account.address, maxRounds: 1, bounty: parseEther("0.3"), deadline: now + 60n,
    });
    await publicClient.request({ method: "evm_increaseTime" as never, params: [120] as never });
    await publicClient.request({ method: "evm_mine" as never, params: [] as never });
    await go("Payouts");
    const row = page.locator(`[data-testid=refund-row][data-session-id="${sessionId}"]`);
    const before = await publicClient.getBalance({ address: submitter });
    await row.getByRole("button", { name: `Refund session ${sessionId}` }).click();
    await row.locator("[data-testid=refund-status][data-state=confirmed]").waitFor();
    const hash = (await row.getByTestId("refund-status").getAttribute("data-hash")) as Hex;
    // Seen even once the refunded session leaves the list.
    await page.getByTestId("notice").filter({ hasText: `Refund of session ${sessionId} confirmed` }).waitFor();
    const receipt = await publicClient.getTransactionReceipt({ hash });
    assert.equal((await publicClient.getBalance({ address: submitter })) - before, parseEther("0.3") - receipt.gasUsed * receipt.effectiveGasPrice);
    assert.equal((await getSession(sessionId)).status, sessionStatusCode("Refunded"));
    // The payouts page, with a claim, royalty rows and a refund on it, is accessible too.
    const violations = await blockingViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
  });

  it("lists the agents with their operators, splits and records", async () => {
    await go("Agents");
    const rows = page.getByTestId("agent-row");
    await rows.first().waitFor();
    assert.equal(await rows.count(), stack.panel.length);
    const first = page.locator(`[data-testid=agent-row][data-agent-id="${stack.panel[0]!.agentId}"]`);
    await first.locator(`[data-address="${operator}" i]`).first().waitFor();
    assert.match((await first.textContent())!, /100 %/); // sole recipient of its split
    // Every agent joined settled sessions by now, so each has a win rate.
    assert.match((await first.getByTestId("win-rate").textContent())!, /^\d+(\.\d)? %$/);
    await page.screenshot({ path: path.join(screenshots, "agents.png"), fullPage: true });
    const violations = await blockingViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
  });

  it("connects a wallet the browser announces (EIP-6963), sees it is on another chain, and switches it to the deployment's", async () => {
    const other = await context!.newPage();
    try {
      // A wallet extension, reduced to a provider that starts on chain 1, switches chains on
      // wallet_switchEthereumChain (and says so with chainChanged), and sends everything else to
      // the devnet through the page's /rpc proxy.
      await other.addInitScript((account: string) => {
        const icon = "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=";
        const listeners = new Map<string, Set<(value: unknown) => void>>();
        const emit = (event: string, value: unknown) => listeners.get(event)?.forEach((fn) => fn(value));
        const w = window as unknown as { __walletCalls: { method: string; params?: unknown }[] };
        w.__walletCalls = [];
        let chainId = "0x1";
        let authorised = false; // as a real wallet: no accounts until the user approves a request
        const provider = {
          async request({ method, params }: { method: string; params?: unknown[] }) {
            w.__walletCalls.push({ method, params });
            if (method === "eth_requestAccounts") authorised = true;
            if (method === "eth_requestAccounts" || method === "eth_accounts") return authorised ? [account] : [];
            if (method === "eth_chainId") return chainId;
            if (method === "wallet_switchEthereumChain") {
              chainId = (params![0] as { chainId: string }).chainId;
              emit("chainChanged", chainId);
              return null;
            }
            const response = await fetch("/rpc", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
            const body = (await response.json()) as { result?: unknown; error?: { code: number; message: string } };
            if (body.error) throw Object.assign(new Error(body.error.message), { code: body.error.code });
            return body.result;
          },
          on(event: string, fn: (value: unknown) => void) {
            if (!listeners.has(event)) listeners.set(event, new Set());
            listeners.get(event)!.add(fn);
          },
          removeListener(event: string, fn: (value: unknown) => void) {
            listeners.get(event)?.delete(fn);
          },
        };
        const detail = Object.freeze({ info: { uuid: "5f6a2f4e-7c1b-4a59-9a55-6b3e0c9d1e21", name: "Test Wallet", icon, rdns: "org.example.testwallet" }, provider });
        const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail }));
        window.addEventListener("eip6963:requestProvider", announce);
        announce();
      }, operator);
      await other.goto(server.url);
      // Same browser profile: the dev account the other tab connected reconnects here first.
      await other.locator("[data-testid=wallet]:not([data-status=reconnecting]):not([data-status=connecting])").waitFor();
      if ((await other.getByTestId("connected-address").count()) > 0) await disconnectWallet(other);
      await openWalletMenu(other);
      const button = other.getByRole("group", { name: "Browser wallets" }).getByRole("button", { name: "Connect Test Wallet" });
      await button.waitFor();
      assert.match((await button.locator("img").getAttribute("src"))!, /^data:image\/svg\+xml;base64,/);
      await button.click();
      const wrongChain = other.getByTestId("wrong-chain");
      await wrongChain.filter({ hasText: "chain 1" }).waitFor();
      assert.match((await wrongChain.textContent())!, new RegExp(`Concord is on chain ${stack.deployment.chainId}`));
      await other.getByRole("button", { name: "Switch network" }).click();
      await wrongChain.waitFor({ state: "detached" });
      assert.equal(await other.getByTestId("connected-address").getAttribute("data-address"), operator);
      const calls = await other.evaluate(() => (window as unknown as { __walletCalls: { method: string; params?: unknown }[] }).__walletCalls);
      const switched = calls.find((c) => c.method === "wallet_switchEthereumChain");
      assert.deepEqual(switched?.params, [{ chainId: `0x${stack.deployment.chainId.toString(16)}` }]);
    } finally {
      await other.close();
    }
  });

  it("shows a fresh form on return when the person leaves for the session page before it has loaded", async () => {
    // A new tab: its session page has not loaded yet, and the test holds that page's code back.
    const main = page;
    page = await context!.newPage();
    const held: Route[] = [];
    try {
      await page.route("**/assets/SessionPage-*.js", (route) => void held.push(route));
      await page.goto(`${server.url}/submit`);
      await connect(submitter);
      await fillForm(generateWordProblem(seededRandom("e2e-return")).text, "0.1");
      await clickCreate();
      await page.waitForURL(/\/sessions\/\d+$/);
      const id = BigInt(new URL(page.url()).pathname.split("/").pop()!);
      const done = settledOnce(id);
      await page.getByText("Loading page…").waitFor();
      await go("Submit a task");
      // The form the session was created from is gone: a new one, idle, with its defaults.
      await page.locator("#task").waitFor();
      assert.equal(await page.locator("#task").inputValue(), "");
      assert.equal(await page.getByTestId("job-status").count(), 0, "no job is shown as queueing");
      assert.equal(await page.getByTestId("create-status").getAttribute("data-state"), "idle");
      assert.equal(await page.getByRole("button", { name: "Create session" }).isEnabled(), true);
      await done;
    } finally {
      await Promise.all(held.map((route) => route.continue().catch(() => {})));
      await page.close();
      page = main;
    }
  });

  /** A one-round session recorded with the agents' own signatures and settled, royalties left undistributed. */
  async function settledWithoutRoyalties(): Promise<bigint> {
    const { sessionId } = await createSession(stack.chain, {
      wallet: stack.submitter,
      taskHash: keccak256(stringToBytes("settled by hand")), agentIds: stack.panel.map((a) => a.agentId),
      orchestrator: stack.orchestrator.account.address, maxRounds: 1, bounty: parseEther("0.5"),
    });
    const proposalHashes = [1, 2, 3].map((n) => keccak256(stringToBytes(`proposal ${n}`)));
    const sorted = [...proposalHashes].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    const ballots = proposalHashes.map((own) => encodeBallotVotes(sorted.map((h) => (h === own ? 0 : 50))));
    const signatures = await Promise.all(agentKeys.map((key, agent) => signBallot(privateKeyToAccount(key), { chainId: stack.deployment.chainId, address: sessions() }, {
      sessionId, round: 1, proposalHash: proposalHashes[agent]!, proposalsHash: roundProposalsHash(proposalHashes), votes: ballots[agent]!,
    })));
    await recordRound(stack.chain, {
      wallet: stack.orchestrator, sessionId, round: 1, attestations: fullRoundAttestations(proposalHashes, ballots, signatures),
      roundTerms: await readRoundTerms(stack.chain, { sessionId }),
    });
    await settleSession(stack.chain, { wallet: stack.orchestrator, sessionId, roundsRecorded: 1 });
    return sessionId;
  }

  function balanceOf(account: Address) {
    return stack.clients.publicClient.getBalance({ address: account });
  }

  function getSessionCount() {
    return stack.clients.publicClient.readContract({ address: sessions(), abi: sessionsAbi, functionName: "sessionCount" });
  }
});
