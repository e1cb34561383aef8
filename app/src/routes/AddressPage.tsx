// The dApp's own view of an address, for chains without a block explorer: its balance, which of
// the deployment's contracts it is, the agents it operates or signs for, and the sessions it submitted.
import type { Address } from "viem";
import { isAddressEqual } from "viem";
import { useBalance } from "wagmi";
import { Amount } from "../components/chain/Amount.tsx";
import { AgentName } from "../components/chain/AgentName.tsx";
import { Avatar } from "../components/chain/Avatar.tsx";
import { CopyButton } from "../components/chain/CopyButton.tsx";
import { Link } from "../components/Link.tsx";
import { useAgentDirectory } from "../hooks/useAgentDirectory.ts";
import { useAgents } from "../hooks/useAgents.ts";
import { useChainIndex } from "../hooks/useChainIndex.ts";
import { useDeployment } from "../hooks/useDeployment.ts";
import { identityOf } from "../lib/agent-identity.ts";
import { addressRoles } from "../lib/address-view.ts";
import { shortAddress } from "../lib/format.ts";
import { sessionHref, type Route } from "../lib/routes.ts";
import { knownContracts } from "../lib/tx-view.ts";
import { ETH } from "../lib/tokens.ts";
import "../pages.css";

export function AddressPage({ route }: { route: Extract<Route, { name: "address" }> }) {
  const address: Address = route.address;
  const deployment = useDeployment();
  const balance = useBalance({ address });
  const registry = useAgents();
  const directory = useAgentDirectory();
  const index = useChainIndex();
  const contract = knownContracts(deployment).find((c) => isAddressEqual(c.address, address));
  const { agents, submitted } = addressRoles(address, registry.agents, index.data?.sessions ?? []);
  return (
    <section aria-labelledby="address-heading" data-testid="address-page">
      <h2 id="address-heading" className="with-avatar"><Avatar seed={address} size={32} /> {contract ? contract.name : `Address ${shortAddress(address)}`}</h2>
      <p className="hash"><code>{address}</code> <CopyButton value={address} label={`address ${address}`} /></p>
      <dl className="facts">
        <div><dt>Balance</dt><dd>{balance.data ? <Amount amount={balance.data.value} currency={ETH} /> : "…"}</dd></div>
        {contract && <div><dt>Contract</dt><dd>Concord's {contract.name}</dd></div>}
      </dl>
      {agents.length > 0 && (
        <>
          <h3>Agents</h3>
          <ul className="plain">
            {agents.map((a) => (
              <li key={a.agentId.toString()}><AgentName agent={identityOf(directory, a.agentId)} />: {a.roles}</li>
            ))}
          </ul>
        </>
      )}
      <h3>Sessions submitted</h3>
      {index.data === undefined ? <p className="muted" role="status">Reading sessions…</p> : submitted.length === 0 ? <p>None.</p> : (
        <ul className="plain inline-list">
          {submitted.map((id) => <li key={id.toString()}><Link href={sessionHref(id)}>Session {id.toString()}</Link></li>)}
        </ul>
      )}
    </section>
  );
}
