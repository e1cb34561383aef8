// Where this deployment's transactions and addresses are shown (lib/explorer.ts).
import { useMemo } from "react";
import { explorerFor, type Explorer } from "../lib/explorer.ts";
import { useDappConfig } from "./useDeployment.ts";

export function useExplorer(): Explorer {
  const { deployment, explorer } = useDappConfig();
  const chainId = deployment.chainId;
  return useMemo(() => explorerFor(chainId, undefined, explorer), [chainId, explorer?.name, explorer?.url]);
}
