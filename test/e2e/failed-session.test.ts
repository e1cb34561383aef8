// A session failed on chain, in a real browser (Debian chromium via playwright-core) on a real
// hardhat node: the orchestrator account calls failSession. With no declines the failure is only
// claimed: the list reads Failed with the reason, the page says when the refund opens (the claim's
// grace, in which the agents may still record their round), only the submitter gets the Refund
// button, once the grace has passed, and refunding turns the session Failed (refunded). With enough
// signed declines the bounty goes back at once and the page names the agents that declined. The
// payouts page offers a claimed failure's refund before the deadline too, after the same grace.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { keccak256, parseEther, stringToBytes, type Address, type Hex, type LocalAccount } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { sessionsAbi } from "@concord/agent-sdk/abis";
import { sessionStatusCode, signDecline } from "@concord/agent-sdk/protocol";
import { ROLES, startDevnet, type Devnet } from "@concord/orchestrator/devnet/local-stack.ts";
import { createSession, failSession, registerAgent } from "@concord/orchestrator/chain/actions/index.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { startDappServer, type DappServer } from "@concord/orchestrator/web/dapp-server.ts";
import { CHROMIUM_ARGS, ensureChromium } from "@concord/bench/browser/ensure-chromium.ts";
import { connectDevAccount } from "./wallet-helpers.ts";
import { blockingViolations, describeViolations } from "../support/accessibility.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BOUNTY = parseEther("0.4");
const REASON = "too few agents answered in round 1";

describe("a failed session in Debian chromium", { timeout: 120_000 }, () => {
  let devnet: Devnet;
  let server: DappServer;
  let context: BrowserContext | undefined;
  let profileDir: string | undefined;
  let page: Page;
  const signers: LocalAccount[] = [0, 1, 2].map(() => privateKeyToAccount(generatePrivateKey()));
  const agentIds: bigint[] = [];
  const submitter = devnetAccount(ROLES.submitter).address;
  const stranger = devnetAccount(ROLES.firstOperator).address;
  let payoutsSession: bigint;
  /** A claim's grace is the session's absenceGrace, at least 30 s: what a test waits for the Refund button. */
  const GRACE_WAIT_MS = 60_000;

  before(async () => {
    const executablePath = ensureChromium();
    devnet = await startDevnet();
    for (const [i, signer] of signers.entries()) {
      const operator = devnet.clients.walletFor(devnetAccount(ROLES.firstOperator + i));
      agentIds.push((await registerAgent(devnet.chain, { wallet: operator, signer, modelId: `model-${i}` })).agentId);
    }
    server = await startDappServer({ distDir: path.join(root, "app/dist"), deployment: devnet.deployment, port: 0, nc: devnet.nc });
    profileDir = await mkdtemp(path.join(os.tmpdir(), "concord-chromium-"));
    context = await chromium.launchPersistentContext(profileDir, { executablePath, headless: true, args: CHROMIUM_ARGS });
    page = context.pages()[0] ?? (await context.newPage());
    // The payouts test's claim, made now so that its grace runs while the first test does.
    payoutsSession = await newSession("another task nobody finishes");
    await failSession(devnet.chain, { wallet: devnet.orchestrator, sessionId: payoutsSession, reason: "no agent answered", declines: [] });
  });

  after(async () => {
    await context?.close().catch(() => {});
    await server?.close().catch(() => {});
    await devnet?.stop();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
  });

  const newSession = async (task: string) => (await createSession(devnet.chain, {
    wallet: devnet.submitter, taskHash: keccak256(stringToBytes(task)), taskURI: `data:text/plain,${encodeURIComponent(task)}`,
    agentIds, orchestrator: devnet.orchestrator.account.address, maxRounds: 2, bounty: BOUNTY,
  })).sessionId;
  const status = (id: bigint) => devnet.clients.publicClient.readContract({
    address: devnet.deployment.contracts.Sessions, abi: sessionsAbi, functionName: "getSession", args: [id],
  }).then((s) => s.status);

  /** Connects a devnet account from the header's wallet menu (no extension). */
  const connect = (account: Address) => connectDevAccount(page, account);

  it("lists a claimed failure as Failed with its reason; its submitter refunds it from the page", async () => {
    const sessionId = await newSession("a task nobody finishes");
    const failed = await failSession(devnet.chain, { wallet: devnet.orchestrator, sessionId, reason: REASON, declines: [] });
    assert.equal(failed.refunded, false, "no declines: the failure is only claimed");
    assert.equal(await status(sessionId), sessionStatusCode("Open"));

    await page.goto(server.url);
    const row = page.locator(`[data-testid=session-row][data-session-id="${sessionId}"]`);
    const cell = row.getByTestId("session-status");
    await row.locator("[data-testid=session-status][data-status='Failed (refund open)']").waitFor();
    assert.match(await cell.textContent() ?? "", /^Failed \(refund open\)/);
    assert.equal(await row.getByTestId("session-failure-reason").textContent(), REASON);
    assert.equal(await cell.getAttribute("title"), REASON);
    const listViolations = await blockingViolations(page);
    assert.equal(listViolations.length, 0, describeViolations(listViolations));
    await page.getByLabel("Status").selectOption("Failed");
    await row.waitFor();
    await page.getByLabel("Status").selectOption("Open");
    await page.getByText("No session matches these filters").waitFor();

    await page.goto(`${server.url}/sessions/${sessionId}`);
    const failure = page.getByTestId("failure");
    // The claim's grace first: the refund opens at a time, and until then nobody gets the button.
    await page.locator("[data-testid=failure][data-refund=grace]").waitFor();
    assert.equal(await page.getByTestId("session-page").getAttribute("data-status"), "Failed (refund open)");
    assert.equal(await failure.getByTestId("failure-reason").textContent(), REASON);
    assert.match(await failure.getByTestId("failure-refund").textContent() ?? "", /^Refund opens in \d+ s: until then the agents may still record the round/);
    assert.match(await failure.getByTestId("failure-declined").textContent() ?? "", /No agent signed a decline/);
    assert.equal(await failure.locator(`a.tx-link[data-hash="${failed.txHash}"][href="/tx/${failed.txHash}"]`).count(), 1, "the page links the transaction that failed it");
    const refund = failure.getByRole("button", { name: `Refund session ${sessionId}` });
    await connect(submitter);
    assert.equal(await refund.count(), 0, "not even the submitter's, during the grace");

    // Once the grace has passed (before the deadline): another wallet sees no button, the submitter does.
    await page.locator("[data-testid=failure][data-refund=open]").waitFor({ timeout: GRACE_WAIT_MS });
    assert.match(await failure.getByTestId("failure-refund").textContent() ?? "", /^Refund open: the submitter may take the bounty back now/);
    await refund.waitFor();
    await connect(stranger);
    assert.equal(await refund.count(), 0);
    await connect(submitter);
    await refund.waitFor();
    const violations = await blockingViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));

    const { publicClient } = devnet.clients;
    const before = await publicClient.getBalance({ address: submitter });
    await refund.click();
    const settled = "[data-testid=refund-status]:is([data-state=confirmed], [data-state=would-fail], [data-state=failed], [data-state=reverted], [data-state=unknown-outcome])";
    await failure.locator(settled).waitFor();
    assert.equal(await failure.getByTestId("refund-status").getAttribute("data-state"), "confirmed", await failure.getByTestId("refund-status").textContent() ?? "");
    const hash = (await failure.getByTestId("refund-status").getAttribute("data-hash")) as Hex | undefined;
    assert.ok(hash, "the confirmation names its transaction");
    const receipt = await publicClient.getTransactionReceipt({ hash });
    assert.equal((await publicClient.getBalance({ address: submitter })) - before, BOUNTY - receipt.gasUsed * receipt.effectiveGasPrice);
    assert.equal(await status(sessionId), sessionStatusCode("Refunded"));
    await page.locator("[data-testid=session-page][data-status='Failed (refunded)']").waitFor();
    assert.match(await failure.getByTestId("failure-refund").textContent() ?? "", /^Refunded: the submitter took the bounty back/);
    assert.equal(await refund.count(), 0);
    await page.getByTestId("notice").filter({ hasText: `Refund of session ${sessionId} confirmed` }).waitFor();

    await page.goto(server.url);
    await row.locator("[data-testid=session-status][data-status='Failed (refunded)']").waitFor();
  });

  it("offers the submitter the claimed failure's refund on the payouts page too, before the deadline, once its grace passed", async () => {
    const sessionId = payoutsSession;
    await page.goto(server.url);
    await connect(submitter);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Payouts" }).click();
    const row = page.locator(`[data-testid=refund-row][data-session-id="${sessionId}"]`);
    await row.filter({ hasText: "failed (no agent answered): refund open now." }).waitFor({ timeout: GRACE_WAIT_MS });
    await row.getByRole("button", { name: `Refund session ${sessionId}` }).click();
    await row.locator("[data-testid=refund-status][data-state=confirmed]").waitFor();
    assert.equal(await status(sessionId), sessionStatusCode("Refunded"));
  });

  it("shows a failure the agents' declines refunded at once, naming the agents that declined", async () => {
    const sessionId = await newSession("a task the agents refuse");
    const contract = { chainId: devnet.deployment.chainId, address: devnet.deployment.contracts.Sessions };
    const declines = await Promise.all([0, 2].map(async (agentIndex) => ({ agentIndex, signature: await signDecline(signers[agentIndex]!, contract, sessionId) })));
    const failed = await failSession(devnet.chain, { wallet: devnet.orchestrator, sessionId, reason: "declined by the panel", declines });
    assert.equal(failed.refunded, true, "two of three declined: too few left to attest a round");
    assert.equal(failed.declined, 0b101n);

    await page.goto(`${server.url}/sessions/${sessionId}`);
    const failure = page.getByTestId("failure");
    await page.locator("[data-testid=failure][data-refund=refunded]").waitFor();
    assert.equal(await page.getByTestId("session-page").getAttribute("data-status"), "Failed (refunded)");
    assert.equal(await failure.getByTestId("failure-reason").textContent(), "declined by the panel");
    // No transcript (no orchestrator ran it): agents are named by id, in session order.
    assert.equal(await failure.getByTestId("failure-declined").textContent(), `Declined by Agent #${agentIds[0]}, Agent #${agentIds[2]}.`);
    assert.match(await failure.getByTestId("failure-refund").textContent() ?? "", /went back to the submitter at once/);
    // Even the submitter has nothing left to refund.
    await connect(submitter);
    assert.equal(await failure.getByRole("button").count(), 0);
  });
});
