import { useDeployment } from "../hooks/useDeployment.ts";
import { SessionsTable } from "./SessionsTable.tsx";
import { WalletPanel } from "./WalletPanel.tsx";

export function App() {
  const deployment = useDeployment();
  return (
    <>
      <header>
        <h1>Concord</h1>
        <p className="muted">
          Chain {deployment.chainId} · Sessions <code>{deployment.contracts.Sessions}</code>
        </p>
      </header>
      <main>
        <WalletPanel />
        <SessionsTable />
      </main>
    </>
  );
}
