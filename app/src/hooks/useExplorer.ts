// Where this deployment's transactions and addresses are shown (lib/explorer.ts).
import { useMemo } from "react";
import { explorerFor, type Explorer } from "../lib/explorer.ts";
import { useDeployment } from "./useDeployment.ts";

export function useExplorer(): Explorer {
  const chainId = useDeployment().chainId;
  return useMemo(() => explorerFor(chainId), [chainId]);
}
