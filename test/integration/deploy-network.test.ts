// `concord deploy` to a second local node with another chain id, standing in for a public chain:
// it writes deployments/<chainId>.json, a second run sends nothing, a record whose contracts are
// gone is redeployed, and `concord session` finds the chain's record through --rpc, refusing a
// record that belongs to another chain.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createPublicClient, http, parseEther, type Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { deploymentSchema, type Deployment } from "@concord/agent-sdk/protocol";
import { connectDeployment, createSession } from "@concord/agent-sdk/chain";
import { registerAgent } from "@concord/orchestrator/chain/actions/index.ts";
import { devnetAccount } from "@concord/orchestrator/chain/clients.ts";
import { devnetKey } from "@concord/orchestrator/cli/config/keys.ts";
import { startHardhatNode, type LocalEvm } from "@concord/orchestrator/devnet/hardhat-node.ts";
import { runConcord, startConcord } from "../support/concord-cli.ts";

const CHAIN_ID = 31_338;
const DEPLOYER = 0;

describe("concord deploy to another network", () => {
  let evm: LocalEvm;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const publicClient = () => createPublicClient({ transport: http(evm.rpcUrl) });
  const recordIn = async (folder: string) => deploymentSchema.parse(JSON.parse(await readFile(path.join(folder, `${CHAIN_ID}.json`), "utf8")));

  before(async () => {
    evm = await startHardhatNode({ chainId: CHAIN_ID });
    dir = await mkdtemp(path.join(tmpdir(), "concord-deploy-"));
    env = {
      CONCORD_DEPLOYMENTS_DIR: path.join(dir, "deployments"),
      CONCORD_DEPLOYER_KEY: devnetKey(DEPLOYER),
      // No devnet stack: every address must come from the chain's own record.
      CONCORD_RECORD: path.join(dir, "no-devnet.json"),
    };
  });
  after(async () => {
    await evm?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("deploys once, writes the chain's record and prints each contract's gas", async () => {
    const { code, out } = await runConcord(["deploy", "--rpc", evm.rpcUrl], env);
    assert.equal(code, 0, out);
    const deployment = await recordIn(env.CONCORD_DEPLOYMENTS_DIR!);
    assert.equal(deployment.chainId, CHAIN_ID);
    for (const address of Object.values(deployment.contracts)) {
      assert.notEqual(await publicClient().getCode({ address }), undefined, `no code at ${address}`);
    }
    assert.match(out, /AgentRegistry gasUsed [1-9]\d{5,}/);
    assert.match(out, /Sessions gasUsed [1-9]\d{6,}/);
  });

  it("sends nothing when run again: the deployer's nonce is unchanged", async () => {
    const deployer = devnetAccount(DEPLOYER).address;
    const before = await recordIn(env.CONCORD_DEPLOYMENTS_DIR!);
    const nonce = await publicClient().getTransactionCount({ address: deployer });
    const { code, out } = await runConcord(["deploy"], { ...env, CONCORD_RPC_URL: evm.rpcUrl });
    assert.equal(code, 0, out);
    assert.match(out, /already deployed/);
    assert.equal(await publicClient().getTransactionCount({ address: deployer }), nonce);
    assert.deepEqual(await recordIn(env.CONCORD_DEPLOYMENTS_DIR!), before);
  });

  it("says so, and sends nothing, when asked for another treasury or fee than the deployed contract's", async () => {
    const deployer = devnetAccount(DEPLOYER).address;
    const nonce = await publicClient().getTransactionCount({ address: deployer });
    const other = devnetAccount(7).address;
    const { code, out } = await runConcord(["deploy", "--treasury", other, "--fee-bps", "250"], { ...env, CONCORD_RPC_URL: evm.rpcUrl });
    assert.notEqual(code, 0, out);
    assert.match(out, new RegExp(`already has Concord .* with treasury ${deployer}, not ${other} and a fee of 100 bps, not 250: the treasury and fee are fixed at deployment`));
    assert.equal(await publicClient().getTransactionCount({ address: deployer }), nonce);
  });

  it("npm run deploy (Hardhat's script, key and URL as config variables) finds the same contracts and sends nothing", async () => {
    const deployer = devnetAccount(DEPLOYER).address;
    const nonce = await publicClient().getTransactionCount({ address: deployer });
    const root = path.resolve(import.meta.dirname, "../..");
    const hardhatCli = path.join(path.dirname(createRequire(import.meta.url).resolve("hardhat/package.json")), "dist/src/cli.js");
    const { stdout } = await promisify(execFile)(process.execPath, [hardhatCli, "run", "--network", "concord", "scripts/hardhat-deploy.ts"], {
      cwd: root, env: { ...process.env, ...env, CONCORD_RPC_URL: evm.rpcUrl },
    });
    assert.match(stdout, new RegExp(`chain ${CHAIN_ID}: already deployed`));
    assert.equal(await publicClient().getTransactionCount({ address: deployer }), nonce);
  });

  it("lets `concord session ID --rpc URL` read a session there through the chain's record", async () => {
    const deployment = await recordIn(env.CONCORD_DEPLOYMENTS_DIR!);
    const chain = await connectDeployment(deployment);
    const agentIds: bigint[] = [];
    for (const operator of [1, 2]) {
      const { agentId } = await registerAgent({ publicClient: chain.publicClient, deployment }, {
        wallet: chain.walletFor(devnetAccount(operator)), signer: privateKeyToAccount(generatePrivateKey()), modelId: "deploy/test",
      });
      agentIds.push(agentId);
    }
    const { sessionId } = await createSession(chain.walletFor(devnetAccount(3)), deployment, {
      task: "Read me from chain 31338.", agentIds, bounty: parseEther("0.5"), orchestrator: devnetAccount(4).address, deadlineSeconds: 3_600n,
    });
    const { code, out } = await runConcord(["session", String(sessionId), "--rpc", evm.rpcUrl], env);
    assert.equal(code, 0, out);
    assert.match(out, new RegExp(`^session ${sessionId}: .*bounty 0\\.5 ETH`, "m"));
  });

  it("refuses a record that belongs to another chain", async () => {
    const wrongDir = path.join(dir, "wrong");
    await mkdir(wrongDir, { recursive: true });
    const deployment = await recordIn(env.CONCORD_DEPLOYMENTS_DIR!);
    await writeFile(path.join(wrongDir, `${CHAIN_ID}.json`), JSON.stringify({ ...deployment, chainId: 31_337 }));
    const { code, out } = await runConcord(["session", "1", "--rpc", evm.rpcUrl], { ...env, CONCORD_DEPLOYMENTS_DIR: wrongDir });
    assert.equal(code, 2, out); // a configuration error
    assert.match(out, new RegExp(`is a deployment on chain 31337, but the node is chain ${CHAIN_ID}`));
  });

  it("redeploys, saying why, when the recorded addresses hold no code", async () => {
    const goneDir = path.join(dir, "gone");
    await mkdir(goneDir, { recursive: true });
    const nowhere = privateKeyToAccount(generatePrivateKey()).address as Address;
    const stale: Deployment = { ...(await recordIn(env.CONCORD_DEPLOYMENTS_DIR!)), contracts: { AgentRegistry: nowhere, Sessions: nowhere } };
    await writeFile(path.join(goneDir, `${CHAIN_ID}.json`), JSON.stringify(stale));
    const { code, out } = await runConcord(["deploy", "--rpc", evm.rpcUrl, "--dir", goneDir], env);
    assert.equal(code, 0, out);
    assert.match(out, new RegExp(`redeploying: the recorded AgentRegistry at ${nowhere} has no code`));
    const fresh = await recordIn(goneDir);
    assert.notEqual(fresh.contracts.Sessions, nowhere);
    assert.notEqual(await publicClient().getCode({ address: fresh.contracts.Sessions }), undefined);
  });

  it("redeploys when a recorded address holds other code than the compiled contract", async () => {
    const swappedDir = path.join(dir, "swapped");
    await mkdir(swappedDir, { recursive: true });
    const good = await recordIn(env.CONCORD_DEPLOYMENTS_DIR!);
    // The Sessions contract where AgentRegistry should be: code present, but not the right code.
    const swapped: Deployment = { ...good, contracts: { AgentRegistry: good.contracts.Sessions, Sessions: good.contracts.Sessions } };
    await writeFile(path.join(swappedDir, `${CHAIN_ID}.json`), JSON.stringify(swapped));
    const { code, out } = await runConcord(["deploy", "--rpc", evm.rpcUrl, "--dir", swappedDir], env);
    assert.equal(code, 0, out);
    assert.match(out, /redeploying: the recorded AgentRegistry at 0x[0-9a-fA-F]{40} is not the compiled AgentRegistry/);
  });

  it("serves the dApp the config of the chain's deployment", async () => {
    const deployment = await recordIn(env.CONCORD_DEPLOYMENTS_DIR!);
    const dapp = startConcord(["dapp", "--rpc", evm.rpcUrl], env);
    try {
      const line = await dapp.waitFor(/^dApp for chain \d+ at http/);
      const url = line.slice(line.indexOf("http"));
      const config = (await (await fetch(`${url}/config.json`)).json()) as { deployment: Deployment };
      assert.equal(config.deployment.chainId, CHAIN_ID);
      assert.deepEqual(config.deployment.contracts, deployment.contracts);
    } finally {
      await dapp.stop();
    }
  });
});
