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
});
