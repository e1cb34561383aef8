import path from "node:path";
import { defineConfig } from "hardhat/config";
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
  paths: {
    tests: { nodejs: "test/contracts", solidity: "test/contracts" },
  },
  test: {
    solidity: {
      fuzz: { runs: 256 },
      // Each handler call may sign and verify a whole round; 64 × 50 calls keeps the run short.
      invariant: { runs: 64, depth: 50, failOnRevert: false },
    },
  },
});
