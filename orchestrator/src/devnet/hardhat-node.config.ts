// The configuration `hardhat node` runs with when Concord starts a devnet (hardhat-node.ts): the
// node only, with hardhat's defaults (chain 31337, its 20 funded test accounts, automining). The
// project's hardhat.config.ts also loads the compiler and the test, ignition and verify plugins,
// which a node never uses and which doubled the CPU it took to start (about 3.6 s against 1.9 s).
import { defineConfig } from "hardhat/config";

export default defineConfig({});
