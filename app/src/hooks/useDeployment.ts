// The validated dApp config, provided once at boot (main.tsx) to every component below.
import { createContext, useContext } from "react";
import type { DappConfig, Deployment } from "@concord/agent-sdk/protocol";

export const DappConfigContext = createContext<DappConfig | null>(null);

export function useDappConfig(): DappConfig {
  const config = useContext(DappConfigContext);
  if (config === null) throw new Error("useDappConfig used outside DappConfigContext");
  return config;
}

export function useDeployment(): Deployment {
  return useDappConfig().deployment;
}
