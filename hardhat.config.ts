import path from "node:path";
import { configVariable, defineConfig } from "hardhat/config";
import hardhatToolboxViem from "@nomicfoundation/hardhat-toolbox-viem";

// solc comes from the npm `solc` package (wasm), never from the compiler's web host.
// Hardhat resolves a relative path inside its own folder, so the path must be absolute.
const SOLC_VERSION = "0.8.28";

export default defineConfig({
  plugins: [hardhatToolboxViem],
  solidity: {
    version: SOLC_VERSION,
    path: path.resolve(import.meta.dirname, "node_modules/solc/soljson.js"),
    settings: { optimizer: { enabled: true, runs: 1000 } },
  },
  networks: {
    // Any EVM network (a public testnet, an L2): `npm run deploy`. Both values come from the
    // environment or from `npx hardhat keystore set NAME`, never from a file in the repository;
    // they are read only when this network is used.
    concord: {
      type: "http",
      chainType: "l1",
      url: configVariable("CONCORD_RPC_URL"),
      accounts: [configVariable("CONCORD_DEPLOYER_KEY")],
    },
  },
  paths: {
    tests: { nodejs: "test/contracts", solidity: "test/contracts" },
  },
  test: {
    solidity: {
      // The depth the anchors use in CI (0xSplits 10 000, OpenZeppelin 5 000): about 25 s here.
      // CONCORD_FUZZ_RUNS / CONCORD_INVARIANT_RUNS set a shallower run while iterating, or a deeper one.
      fuzz: { runs: Number(process.env.CONCORD_FUZZ_RUNS ?? 10_000) },
      // Each handler call may sign and verify a whole round: 256 × 50 calls, about 10 s here.
      invariant: { runs: Number(process.env.CONCORD_INVARIANT_RUNS ?? 256), depth: 50, failOnRevert: false },
    },
  },
});
