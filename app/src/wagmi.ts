// The wagmi config for one deployment: a single chain (the deployment's), reached over the
// dApp server's /rpc proxy, with the injected connector for real wallets. The dev-account connector
// (lib/devAccountConnector.ts) is added at connect time, once the user has picked an account.
import { createConfig, http } from "wagmi";
import { injected } from "wagmi/connectors";
import type { Deployment } from "@concord/agent-sdk/protocol";
import { deploymentChain } from "./lib/chain.ts";

export function createConcordConfig(deployment: Deployment, origin: string) {
  const chain = deploymentChain(deployment, origin);
  return createConfig({
    chains: [chain],
    connectors: [injected()],
    transports: { [chain.id]: http() },
    // A devnet mines on demand; poll often so the table follows it closely.
    pollingInterval: 1_000,
  });
}

export type ConcordConfig = ReturnType<typeof createConcordConfig>;

declare module "wagmi" {
  interface Register {
    config: ConcordConfig;
  }
}
