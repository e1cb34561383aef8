// After a reload, reconnects the dev account the page last connected (lib/dev-session.ts): wagmi
// restores only connectors it knows, and this one is made when the user picks an account. Runs
// once, after wagmi's provider has hydrated (main.tsx turns its own reconnect off meanwhile).
import { useEffect } from "react";
import { useConfig } from "wagmi";
import { reconnect } from "wagmi/actions";
import { rememberedDevAccount, safeLocalStorage } from "../lib/dev-session.ts";
import { useDeployment } from "./useDeployment.ts";

export function useDevAccountReconnect(): void {
  const config = useConfig();
  const chainId = useDeployment().chainId;
  useEffect(() => {
    const account = rememberedDevAccount(safeLocalStorage(), chainId);
    if (account === undefined) return;
    import("../lib/devAccountConnector.ts").then(
      ({ devAccountConnector }) => reconnect(config, { connectors: [devAccountConnector(account.privateKey, { authorized: true })] }),
      (error: unknown) => {
        console.error("the dev account connector did not load", error);
        config.setState((state) => ({ ...state, status: "disconnected" }));
      },
    );
  }, [config, chainId]);
}
