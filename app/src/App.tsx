// The page frame, at the top of the app because it composes the routes: header with the navigation
// and the wallet, then the current route's page.
// Pages other than the sessions list load on demand, so the first render ships only what it shows.
import { lazy, Suspense } from "react";
import { useDeployment } from "./hooks/useDeployment.ts";
import { useRoute } from "./hooks/useRoute.ts";
import { navigation, type Route } from "./lib/routes.ts";
import { Link } from "./components/Link.tsx";
import { WalletPanel } from "./components/WalletPanel.tsx";
import { SessionsPage } from "./routes/SessionsPage.tsx";

const SessionPage = lazy(() => import("./routes/SessionPage.tsx").then((m) => ({ default: m.SessionPage })));
const SubmitPage = lazy(() => import("./routes/SubmitPage.tsx").then((m) => ({ default: m.SubmitPage })));
const PayoutsPage = lazy(() => import("./routes/PayoutsPage.tsx").then((m) => ({ default: m.PayoutsPage })));
const AgentsPage = lazy(() => import("./routes/AgentsPage.tsx").then((m) => ({ default: m.AgentsPage })));

export function App() {
  const deployment = useDeployment();
  const route = useRoute();
  return (
    <>
      <header>
        <h1><Link href="/">Concord</Link></h1>
        <p className="muted">
          Chain {deployment.chainId} · Sessions <code>{deployment.contracts.Sessions}</code>
        </p>
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
        <WalletPanel />
        {/* One boundary per page: a page left while the next one loads is unmounted at once. One
            boundary for all would keep the left page mounted (hidden) until the next one is ready,
            and a quick return would show it again with its old state. */}
        <Suspense key={route.name} fallback={<p className="muted" role="status">Loading page…</p>}>
          <Page route={route} />
        </Suspense>
      </main>
    </>
  );
}

function isCurrent(route: Route, name: Route["name"]): boolean {
  return route.name === name || (name === "sessions" && route.name === "session");
}

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case "sessions":
      return <SessionsPage query={route.query} />;
    case "session":
      return <SessionPage id={route.id} />;
    case "submit":
      return <SubmitPage />;
    case "payouts":
      return <PayoutsPage />;
    case "agents":
      return <AgentsPage />;
    case "not-found":
      return (
        <section aria-labelledby="not-found-heading">
          <h2 id="not-found-heading">Page not found</h2>
          <p>Nothing lives at <code>{route.path}</code>. <Link href="/">See the sessions</Link>.</p>
        </section>
      );
  }
}
