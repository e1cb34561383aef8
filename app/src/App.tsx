// The page frame, at the top of the app because it composes the routes: header with the
// navigation and the compact wallet, then the current route's page, then the confirmations.
// Pages other than the sessions list load on demand, so the first render ships only what it shows.
import { lazy, Suspense } from "react";
import { useDeployment } from "./hooks/useDeployment.ts";
import { useDevAccountReconnect } from "./hooks/useDevAccountReconnect.ts";
import { usePageTitle } from "./hooks/usePageTitle.ts";
import { useRoute } from "./hooks/useRoute.ts";
import { pageSetsOwnTitle } from "./lib/page-title.ts";
import { navigation, type Route } from "./lib/routes.ts";
import { Link } from "./components/Link.tsx";
import { NotFound } from "./components/NotFound.tsx";
import { Notices } from "./components/Notices.tsx";
import { WalletMenu } from "./components/WalletMenu.tsx";
import { AccountAddress } from "./components/chain/AccountAddress.tsx";
import { DocLink } from "./components/DocLink.tsx";
import { SessionsPage } from "./routes/SessionsPage.tsx";

const SessionPage = lazy(() => import("./routes/SessionPage.tsx").then((m) => ({ default: m.SessionPage })));
const SubmitPage = lazy(() => import("./routes/SubmitPage.tsx").then((m) => ({ default: m.SubmitPage })));
const PayoutsPage = lazy(() => import("./routes/PayoutsPage.tsx").then((m) => ({ default: m.PayoutsPage })));
const AgentsPage = lazy(() => import("./routes/AgentsPage.tsx").then((m) => ({ default: m.AgentsPage })));
const AgentPage = lazy(() => import("./routes/AgentPage.tsx").then((m) => ({ default: m.AgentPage })));
const RegisterAgentPage = lazy(() => import("./routes/RegisterAgentPage.tsx").then((m) => ({ default: m.RegisterAgentPage })));
const TxPage = lazy(() => import("./routes/TxPage.tsx").then((m) => ({ default: m.TxPage })));
const DocPage = lazy(() => import("./routes/DocPage.tsx").then((m) => ({ default: m.DocPage })));
const AddressPage = lazy(() => import("./routes/AddressPage.tsx").then((m) => ({ default: m.AddressPage })));

export function App() {
  const deployment = useDeployment();
  const route = useRoute();
  useDevAccountReconnect();
  return (
    <>
      <header className="site">
        <div className="bar">
          <p className="brand"><Link href="/">Concord</Link></p>
          <WalletMenu />
        </div>
        <nav aria-label="Main">
          <ul className="nav">
            {navigation.map((item) => (
              <li key={item.name}>
                <Link href={item.href} aria-current={isCurrent(route, item.name) ? "page" : undefined}>{item.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main>
        {/* One boundary per page: a page left while the next one loads is unmounted at once. One
            boundary for all would keep the left page mounted (hidden) until the next one is ready,
            and a quick return would show it again with its old state. */}
        <Suspense key={route.name} fallback={<p className="muted" role="status">Loading page…</p>}>
          <Page route={route} />
        </Suspense>
      </main>
      <footer className="muted small">
        Chain {deployment.chainId} · Sessions contract <AccountAddress address={deployment.contracts.Sessions} /> ·{" "}
        How it works: <DocLink doc="protocol" testId="footer-protocol">the protocol</DocLink>, <DocLink doc="economics" testId="footer-economics">the payout rule</DocLink>
      </footer>
      <Notices />
    </>
  );
}

function isCurrent(route: Route, name: Route["name"]): boolean {
  return route.name === name || (name === "sessions" && route.name === "session") || (name === "agents" && (route.name === "agent" || route.name === "register-agent"));
}

function Page({ route }: { route: Route }) {
  // Pages that know more than their URL (an agent's name) title themselves.
  usePageTitle(route, undefined, !pageSetsOwnTitle(route));
  switch (route.name) {
    case "sessions":
      return <SessionsPage query={route.query} />;
    case "session":
      return <SessionPage route={route} />;
    case "submit":
      return <SubmitPage />;
    case "payouts":
      return <PayoutsPage />;
    case "agents":
      return <AgentsPage />;
    case "agent":
      return <AgentPage route={route} />;
    case "register-agent":
      return <RegisterAgentPage />;
    case "tx":
      return <TxPage route={route} />;
    case "address":
      return <AddressPage route={route} />;
    case "doc":
      return <DocPage route={route} />;
    case "not-found":
      return (
        <NotFound heading="Page not found">
          Nothing lives at <code>{route.path}</code>. <Link href="/">See the sessions</Link>.
        </NotFound>
      );
  }
}
