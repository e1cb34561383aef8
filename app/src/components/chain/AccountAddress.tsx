// An address as a person reads it: its identicon, its short form linking to where it is explained
// (the chain's explorer, or the dApp's own view; an agent's page when given), the whole of it on
// hover, and a copy button.
import { getAddress, type Address } from "viem";
import { useExplorer } from "../../hooks/useExplorer.ts";
import { shortAddress } from "../../lib/format.ts";
import { Link } from "../Link.tsx";
import { Avatar } from "./Avatar.tsx";
import { CopyButton } from "./CopyButton.tsx";

export function AccountAddress({ address: given, href, label, you }: { address: Address; href?: string; label?: string; you?: boolean }) {
  // Nodes may answer in lower case: shown (and compared, and pictured) checksummed.
  const address = getAddress(given);
  const explorer = useExplorer();
  const target = href ?? explorer.addressHref(address);
  const text = label ?? shortAddress(address);
  const internal = href !== undefined || explorer.internal;
  return (
    <span className="address" data-address={address}>
      <Avatar seed={address} size={16} />
      {internal
        ? <Link href={target} title={address}>{text}</Link>
        : <a href={target} title={`${address} on ${explorer.name}`} target="_blank" rel="noreferrer noopener">{text}</a>}
      {you && <span className="you"> (you)</span>}
      <CopyButton value={address} label={`address ${address}`} />
    </span>
  );
}
