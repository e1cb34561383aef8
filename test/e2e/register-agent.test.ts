// Registering and operating an agent from the dApp in a real browser (Debian chromium via
// playwright-core) on a real devnet (hardhat node, nats-server, the dApp server): an operator
// (devnet account 3) registers an agent with a key generated in the page and a two-recipient split,
// is stopped by a split error before anything is sent, sees the agent by name on the agents page,
// rotates its key and renames it, changes its split and retires it; another account sees no
// controls. Checked against the chain each time.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { getAddress, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { agentRegistryAbi } from "@concord/agent-sdk/abis";
import { startDevnet, type Devnet } from "@concord/orchestrator/devnet/local-stack.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { startDappServer, type DappServer } from "@concord/orchestrator/web/dapp-server.ts";
import { CHROMIUM_ARGS, ensureChromium } from "@concord/bench/browser/ensure-chromium.ts";
import { natsNameFor } from "../../app/src/lib/agent-onboarding.ts";
import { blockingViolations, describeViolations } from "../support/accessibility.ts";
import { connectDevAccount } from "./wallet-helpers.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// Screenshots go to the README's folder only on request (CONCORD_SCREENSHOTS=1), else to a scratch one.
const screenshots = process.env.CONCORD_SCREENSHOTS === "1" ? path.join(root, "docs/screenshots") : path.join(os.tmpdir(), "concord-screenshots");
const NAME = "Ada the arithmetician";

describe("registering an agent in Debian chromium", { timeout: 120_000 }, () => {
  const started = performance.now();
  let devnet: Devnet;
  let server: DappServer;
  let context: BrowserContext | undefined;
  let profileDir: string | undefined;
  let page: Page;
  let agentId: bigint;
  let generatedKey: Hex;
  const operator = devnetAccount(3).address;
  const partner = devnetAccount(4).address;
  const stranger = devnetAccount(5).address;
  const registry = () => devnet.deployment.contracts.AgentRegistry;
  const read = <F extends "getAgent" | "agentCount">(functionName: F, args: readonly unknown[] = []) =>
    devnet.clients.publicClient.readContract({ address: registry(), abi: agentRegistryAbi, functionName, args } as never) as Promise<
      F extends "getAgent" ? { operator: Address; signer: Address; retired: boolean; splitHash: Hex; modelId: string; metadataURI: string } : bigint>;
  const hashSplit = (recipients: Address[], bps: number[]) =>
    devnet.clients.publicClient.readContract({ address: registry(), abi: agentRegistryAbi, functionName: "hashSplit", args: [{ recipients, bps }] });
  const sorted = (a: Address, b: Address): [Address, Address] => (BigInt(a) < BigInt(b) ? [a, b] : [b, a]);

  before(async () => {
    const executablePath = ensureChromium();
    devnet = await startDevnet();
    server = await startDappServer({ distDir: path.join(root, "app/dist"), deployment: devnet.deployment, port: 0, nc: devnet.nc });
    profileDir = await mkdtemp(path.join(os.tmpdir(), "concord-chromium-"));
    context = await chromium.launchPersistentContext(profileDir, { executablePath, headless: true, args: CHROMIUM_ARGS });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    page = context.pages()[0] ?? (await context.newPage());
    await mkdir(screenshots, { recursive: true });
  });

  after(async () => {
    await context?.close().catch(() => {});
    await server?.close().catch(() => {});
    await devnet?.stop();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
    console.log(`# register-agent browser test: ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
  });

  it("reaches the form from the agents page, titled, and asks for a wallet first", async () => {
    await page.goto(`${server.url}/agents`);
    await page.getByTestId("register-agent-link").click();
    await page.waitForURL(/\/agents\/new$/);
    await page.getByRole("heading", { name: "Register an agent" }).waitFor();
    assert.equal(await page.title(), "Register an agent · Concord");
    await page.getByTestId("wallet-required").waitFor();
    // Loaded directly: the form's page (a chunk loaded on demand) renders within a second.
    await page.goto(`${server.url}/agents/new`);
    await page.getByRole("heading", { name: "Register an agent" }).waitFor();
    const ms = await page.evaluate(() => performance.now());
    console.log(`# /agents/new: heading shown within ${ms.toFixed(0)} ms of navigation start`);
    assert.ok(ms < 1000, `the register page took ${ms.toFixed(0)} ms to render`);
  });

  it("shows a split error by its field before anything is sent", async () => {
    await connectDevAccount(page, operator);
    await page.locator("#agent-name").fill(NAME);
    await page.locator("#agent-modelId").fill("simulated/echo");
    await page.getByRole("button", { name: "Generate a key" }).click();
    generatedKey = (await page.getByTestId("generated-private-key").textContent()) as Hex;
    assert.equal(await page.getByTestId("generated-address").textContent(), privateKeyToAccount(generatedKey).address);
    await page.getByRole("button", { name: "Copy the private key" }).click();
    await page.getByRole("button", { name: "Copied the private key" }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), generatedKey);
    // Registering before saying the key is saved is refused too.
    assert.equal(await page.locator("#split-0-recipient").inputValue(), operator, "the operator is the first recipient by default");
    await page.locator("#split-0-percent").fill("60");
    await page.getByRole("button", { name: "Add a recipient" }).click();
    await page.locator("#split-1-recipient").fill(partner.toLowerCase());
    await page.locator("#split-1-percent").fill("30");
    await page.getByRole("button", { name: "Register agent" }).click();
    await page.getByTestId("form-errors").waitFor();
    assert.equal(await page.getByTestId("split-error").textContent(), "The shares add up to 90 %, not 100 % (SplitTotal).");
    await page.getByText("Save the key first").waitFor();
    // A repeated recipient is named on its own row.
    await page.locator("#split-1-recipient").fill(operator);
    await page.locator("#split-1-recipient-error").filter({ hasText: "Already listed in row 1" }).waitFor();
    assert.equal(await page.locator("#split-1-recipient").getAttribute("aria-invalid"), "true");
    assert.equal(await page.getByTestId("register-status").getAttribute("data-state"), "idle");
    assert.equal(await read("agentCount"), 0n, "nothing was sent");
    const violations = await blockingViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.screenshot({ path: path.join(screenshots, "register-agent.png"), fullPage: true });
  });

  it("registers the agent with the generated key and a two-recipient split, and links to its page", async () => {
    await page.locator("#split-1-recipient").fill(partner);
    await page.locator("#split-1-percent").fill("40");
    await page.getByLabel("I have saved this key somewhere safe").check();
    await page.getByRole("button", { name: "Register agent" }).click();
    const registered = page.getByTestId("registered");
    await registered.waitFor({ timeout: 30_000 });
    agentId = BigInt((await registered.getAttribute("data-agent-id"))!);
    assert.equal(agentId, 1n);
    assert.equal(await page.getByTestId("register-status").getAttribute("data-state"), "confirmed");
    await page.getByTestId("agent-onboarding").waitFor();
    // The next step: join from the agent's machine against this very server, the key by variable only.
    const origin = new URL(page.url()).origin;
    assert.equal(await page.getByTestId("onboarding-join").textContent(),
      `AGENT_KEY=0x… npx concord agent join --config ${natsNameFor(NAME, agentId)}.yaml --api ${origin} --out ${natsNameFor(NAME, agentId)}.creds`);
    assert.match((await page.getByTestId("onboarding-config").textContent())!, /model: "simulated\/echo"/);
    assert.equal(await page.getByTestId("generated-private-key").count(), 0, "the key is not shown again");
    const agent = await read("getAgent", [agentId]);
    assert.equal(agent.operator, operator);
    assert.equal(agent.signer, privateKeyToAccount(generatedKey).address);
    assert.equal(agent.modelId, "simulated/echo");
    const [first, second] = sorted(operator, partner);
    assert.equal(agent.splitHash, await hashSplit([first, second], first === operator ? [6000, 4000] : [4000, 6000]));
    await registered.getByRole("link", { name: "Open its page" }).click();
    await page.waitForURL(new RegExp(`/agents/${agentId}$`));
    await page.getByRole("heading", { name: `${NAME} (#${agentId})` }).waitFor();
  });

  it("explains a registration the contract would refuse by its error, before the wallet is asked", async () => {
    await page.goto(`${server.url}/agents/new`);
    await page.locator("#agent-name").fill("Copycat");
    await page.locator("#agent-modelId").fill("simulated/echo");
    await page.locator("input[name=signer-mode][value=key]").check();
    await page.locator("#signer-key").fill(generatedKey);
    await page.getByRole("button", { name: "Register agent" }).click();
    const status = page.locator("[data-testid=register-status][data-state=would-fail]");
    await status.waitFor();
    assert.match(await status.textContent() ?? "", /would fail: reverted: SignerAlreadyRegistered\(0x[0-9a-fA-F]{40}, 1\)/);
    assert.equal(await read("agentCount"), 1n);
  });

  it("registers an agent whose key proved itself elsewhere: the page shows what to sign and checks the signature", async () => {
    await page.goto(`${server.url}/agents/new`);
    await page.locator("#agent-name").fill("Held elsewhere");
    await page.locator("#agent-modelId").fill("openai/gpt-4o");
    await page.locator("input[name=signer-mode][value=signature]").check();
    const key = privateKeyToAccount(generatePrivateKey());
    await page.locator("#signer-address").fill(key.address);
    await page.getByText("What the key must sign").click();
    const typed = JSON.parse((await page.locator("details.typed-data pre").textContent())!);
    assert.deepEqual(typed.message, { operator, signer: key.address, modelId: "openai/gpt-4o" });
    assert.deepEqual(typed.domain, { name: "Concord AgentRegistry", version: "1", chainId: 31337, verifyingContract: registry() });
    const sign = (signer: typeof key) => signer.signTypedData({ domain: typed.domain, types: { AgentKey: typed.types.AgentKey }, primaryType: "AgentKey", message: typed.message });
    // A signature by another key is caught in the page, by its field, before anything is sent.
    await page.locator("#signer-signature").fill(await sign(privateKeyToAccount(generatePrivateKey())));
    await page.getByRole("button", { name: "Register agent" }).click();
    await page.locator("#signer-signature-error").filter({ hasText: "InvalidSignerSignature" }).waitFor();
    assert.equal(await page.getByTestId("register-status").getAttribute("data-state"), "idle");
    await page.locator("#signer-signature").fill(await sign(key));
    await page.getByRole("button", { name: "Register agent" }).click();
    const registered = page.getByTestId("registered");
    await registered.waitFor({ timeout: 30_000 });
    const id = BigInt((await registered.getAttribute("data-agent-id"))!);
    assert.equal((await read("getAgent", [id])).signer, key.address);
    assert.equal((await read("getAgent", [id])).operator, operator);
  });

  it("lists the new agent by name on the agents page", async () => {
    await page.goto(`${server.url}/agents`);
    const row = page.locator(`[data-testid=agent-row][data-agent-id="${agentId}"]`);
    await row.locator(".agent-name").filter({ hasText: NAME }).waitFor();
    await row.getByText("60 %").waitFor();
  });

  it("lets the operator rename the agent and rotate its key with a pasted key's proof", async () => {
    await page.goto(`${server.url}/agents/${agentId}`);
    const controls = page.getByTestId("operator-controls");
    await controls.waitFor();
    const next = generatePrivateKey();
    await page.locator("#update-name").fill(`${NAME} II`);
    await page.locator("input[name=rotate-mode][value=key]").check();
    await page.locator("#rotate-key").fill(next);
    await page.getByRole("button", { name: "Update agent" }).click();
    await page.getByTestId("update-confirm").getByRole("button", { name: "Send the update" }).click();
    await page.locator("[data-testid=update-status][data-state=confirmed]").waitFor({ timeout: 30_000 });
    const agent = await read("getAgent", [agentId]);
    assert.equal(agent.signer, privateKeyToAccount(next).address);
    await page.getByRole("heading", { name: `${NAME} II (#${agentId})` }).waitFor();
  });

  it("lets the operator change the split, checked before it is sent", async () => {
    const form = page.getByTestId("split-form");
    const ownRow = (await page.locator("#new-split-0-recipient").inputValue()) === operator ? 0 : 1;
    await page.locator(`#new-split-${ownRow}-percent`).fill("80");
    await form.getByRole("button", { name: "Change split" }).click();
    await page.getByTestId("new-split-error").filter({ hasText: "120 %" }).waitFor();
    await page.locator(`#new-split-${1 - ownRow}-percent`).fill("20");
    await form.getByRole("button", { name: "Change split" }).click();
    await page.getByTestId("split-confirm").getByRole("button", { name: "Send the new split" }).click();
    await page.locator("[data-testid=split-status][data-state=confirmed]").waitFor({ timeout: 30_000 });
    const [first, second] = sorted(operator, partner);
    const expected = await hashSplit([first, second], first === operator ? [8000, 2000] : [2000, 8000]);
    assert.equal((await read("getAgent", [agentId])).splitHash, expected);
    await page.locator("dl.facts").getByText("80 %").waitFor();
    await page.screenshot({ path: path.join(screenshots, "agent-operator.png"), fullPage: true });
  });

  it("shows no controls to an account that does not operate the agent", async () => {
    await connectDevAccount(page, stranger);
    await page.goto(`${server.url}/agents/${agentId}`);
    await page.locator("dl.facts").getByText("simulated/echo").waitFor();
    await page.getByTestId("agent-sessions-count").waitFor();
    assert.equal(await page.getByTestId("operator-controls").count(), 0);
    assert.equal(await page.getByRole("button", { name: "Retire agent" }).count(), 0);
  });

  it("fits a 390 px wide phone with the form filled in, and the operator's controls too", async () => {
    const phone = await context!.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    try {
      await phone.goto(`${server.url}/agents/new`);
      await connectDevAccount(phone, operator);
      await phone.getByRole("button", { name: "Generate a key" }).click();
      await phone.getByRole("button", { name: "Add a recipient" }).click();
      await phone.locator("#split-1-recipient").fill(partner);
      await phone.getByRole("button", { name: "Register agent" }).click();
      await phone.getByTestId("form-errors").waitFor();
      const overflow = () => phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(await overflow() <= 0, `/agents/new overflows by ${await overflow()} px`);
      await phone.screenshot({ path: path.join(screenshots, "register-agent-phone.png"), fullPage: true });
      await phone.goto(`${server.url}/agents/${agentId}`);
      await phone.getByTestId("operator-controls").waitFor();
      assert.ok(await overflow() <= 0, `/agents/${agentId} overflows by ${await overflow()} px`);
      const violations = await blockingViolations(phone);
      assert.equal(violations.length, 0, describeViolations(violations));
      // Dark mode (the CSS variables) keeps the contrast on the register form.
      await phone.emulateMedia({ colorScheme: "dark" });
      await phone.goto(`${server.url}/agents/new`);
      await phone.getByRole("button", { name: "Generate a key" }).click();
      await phone.getByTestId("generated-key").waitFor();
      await phone.screenshot({ path: path.join(screenshots, "register-agent-dark.png"), fullPage: true });
      const dark = await blockingViolations(phone);
      assert.equal(dark.length, 0, describeViolations(dark));
    } finally {
      await phone.close();
    }
  });

  it("lets the operator retire the agent after a confirmation", async () => {
    await connectDevAccount(page, operator);
    await page.goto(`${server.url}/agents/${agentId}`);
    await page.getByRole("button", { name: "Retire agent" }).click();
    await page.getByTestId("retire-confirm").getByRole("button", { name: "Retire for good" }).click();
    await page.locator("[data-testid=operator-controls][data-retired]").waitFor({ timeout: 30_000 });
    assert.equal((await read("getAgent", [agentId])).retired, true);
    await page.locator("dl.facts").getByText("Retired").waitFor();
    assert.equal(getAddress((await read("getAgent", [agentId])).operator), operator);
  });
});
