// Boot: read the config the dApp server inlined (or fetch it), build the wagmi config for its
// chain, seed the session index from the inlined Sessions logs (or start its first scan), render.
// Only wiring lives here.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { WagmiProvider } from "wagmi";
import { getClient } from "wagmi/actions";
import { rememberedDevAccount, safeLocalStorage } from "./lib/dev-session.ts";
import { parseRoute } from "./lib/routes.ts";
import { scanSessionIndex, sessionIndexKey } from "./lib/session-index-query.ts";
import { inlineSessionIndex } from "./lib/inline-session-logs.ts";
import { App } from "./App.tsx";
import { BootError } from "./components/BootError.tsx";
import { DappConfigContext } from "./hooks/useDeployment.ts";
import { loadDappConfig, readInlineDappConfig } from "./lib/dapp-config.ts";
import { dappConfigElementId, sessionLogSnapshotElementId } from "@concord/agent-sdk/protocol";
import { createConcordConfig } from "./wagmi.ts";
import "./styles.css";

const container = document.getElementById("root");
if (container === null) throw new Error("index.html has no #root element");
const root = createRoot(container);

try {
  const inline = readInlineDappConfig(document.getElementById(dappConfigElementId)?.textContent);
  const dappConfig = inline ?? (await loadDappConfig(fetch, "/config.json"));
  const config = createConcordConfig(dappConfig.deployment, location.origin);
  const queryClient = new QueryClient();
  const indexKey = sessionIndexKey(dappConfig.deployment.contracts.Sessions);
  const inlinedLogs = document.getElementById(sessionLogSnapshotElementId)?.textContent;
  const client = getClient(config);
  if (inlinedLogs) {
    // The index as of the logs the server inlined, decoded when a page first asks for it: the
    // pages that do not show it (a session's) never pay for it.
    queryClient.setQueryDefaults(indexKey, { initialData: () => inlineSessionIndex(inlinedLogs, dappConfig.deployment) });
  } else if (client !== undefined && parseRoute(location.pathname).name === "sessions") {
    // The sessions list is the first thing most visits show: start reading it while React renders.
    void queryClient.prefetchQuery({
      queryKey: indexKey,
      queryFn: () => scanSessionIndex(client, dappConfig.deployment, queryClient),
      staleTime: Infinity,
    });
  }
  // A dev account connected before the reload: wagmi cannot restore it alone (its connector is
  // made at connect time), so the app hands reconnect a new one (useDevAccountReconnect) in place
  // of the mount's own reconnect.
  const devAccount = rememberedDevAccount(safeLocalStorage(), dappConfig.deployment.chainId);
  if (devAccount !== undefined) {
    // Reconnecting from the first render on, so the header says so rather than offer to connect.
    config.setState((state) => ({ ...state, status: "reconnecting" }));
  }
  root.render(
    <StrictMode>
      <DappConfigContext value={dappConfig}>
        <WagmiProvider config={config} reconnectOnMount={devAccount === undefined}>
          <QueryClientProvider client={queryClient}>
            <App />
          </QueryClientProvider>
        </WagmiProvider>
      </DappConfigContext>
    </StrictMode>,
  );
} catch (error) {
  root.render(<BootError message={error instanceof Error ? error.message : String(error)} />);
}

