// The validated deployment record, provided once at boot (main.tsx) to every component below.
import { createContext, useContext } from "react";
import type { Deployment } from "../../../sdk/protocol/deployment.ts";

export const DeploymentContext = createContext<Deployment | null>(null);

export function useDeployment(): Deployment {
  const deployment = useContext(DeploymentContext);
  if (deployment === null) throw new Error("useDeployment used outside DeploymentContext");
  return deployment;
}
