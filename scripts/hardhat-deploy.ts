// `npm run deploy` (hardhat run --network concord): the same idempotent deployment as
// `concord deploy`, with the RPC URL and deployer key from Hardhat's config variables, so the key
// may live in Hardhat's encrypted keystore instead of the environment.
// The toolbox types add `viem` to a network connection.
import type {} from "@nomicfoundation/hardhat-toolbox-viem";
import { network } from "hardhat";
import { deployToNetwork } from "@concord/deploy";

const connection = await network.create();
if (connection.networkConfig.type !== "http") throw new Error("run with --network concord (an HTTP network)");
const rpcUrl = await connection.networkConfig.url.getUrl();
const [wallet] = await connection.viem.getWalletClients();
if (!wallet) throw new Error("the network has no deployer account: set CONCORD_DEPLOYER_KEY (env or hardhat keystore)");
const result = await deployToNetwork({ wallet, publicClient: await connection.viem.getPublicClient(), rpcUrl });
const chainId = result.deployment.chainId;
if (result.status === "unchanged") {
  console.log(`chain ${chainId}: already deployed (${result.file}); nothing sent`);
} else {
  if (result.replaced) console.log(`chain ${chainId}: redeploying: ${result.replaced}`);
  console.log(`chain ${chainId}: deployed, record written to ${result.file}`);
  for (const [name, gas] of Object.entries(result.gasUsed)) console.log(`  ${name} gasUsed ${gas}`);
}
await connection.close();
