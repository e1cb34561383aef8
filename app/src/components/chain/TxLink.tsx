// A transaction, shortened, linking to the chain's explorer or the dApp's own transaction view.
import type { Hex } from "viem";
import { useExplorer } from "../../hooks/useExplorer.ts";
import { shortHash } from "../../lib/format.ts";
import { Link } from "../Link.tsx";

export function TxLink({ hash }: { hash: Hex }) {
  const explorer = useExplorer();
  const text = shortHash(hash) ?? hash;
  const label = `transaction ${hash}`;
  return explorer.internal
    ? <Link href={explorer.txHref(hash)} className="tx-link" title={label} data-hash={hash}>{text}</Link>
    : <a href={explorer.txHref(hash)} className="tx-link" title={`${label} on ${explorer.name}`} data-hash={hash} target="_blank" rel="noreferrer noopener">{text}</a>;
}
