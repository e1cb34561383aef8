// Boot: load the deployment record, build the wagmi config for its chain, render the page.
// Only wiring lives here.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { WagmiProvider } from "wagmi";
import { App } from "./components/App.tsx";
import { BootError } from "./components/BootError.tsx";
import { DeploymentContext } from "./hooks/useDeployment.ts";
import { loadDeployment } from "./lib/deployment.ts";
import { createConcordConfig } from "./wagmi.ts";
import "./styles.css";

const container = document.getElementById("root");
if (container === null) throw new Error("index.html has no #root element");
const root = createRoot(container);

try {
  const deployment = await loadDeployment(fetch, "/deployment.json");
  const config = createConcordConfig(deployment, location.origin);
  const queryClient = new QueryClient();
  root.render(
    <StrictMode>
      <DeploymentContext value={deployment}>
        <WagmiProvider config={config}>
          <QueryClientProvider client={queryClient}>
            <App />
          </QueryClientProvider>
        </WagmiProvider>
      </DeploymentContext>
    </StrictMode>,
  );
} catch (error) {
  root.render(<BootError message={error instanceof Error ? error.message : String(error)} />);
}
