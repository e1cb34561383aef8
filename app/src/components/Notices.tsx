// The page's confirmations (a refund or claim that landed), fixed at the bottom of the screen
// so they are seen whichever row sent them, until dismissed or expired.
import { useNotices } from "../hooks/useNotices.ts";
import { notices } from "../lib/notices.ts";
import { TxLink } from "./chain/TxLink.tsx";

export function Notices() {
  const list = useNotices();
  return (
    <div className="notices" role="status" aria-live="polite" data-testid="notices">
      {list.map((n) => (
        <p key={n.id} className={`notice notice-${n.tone}`} data-testid="notice" data-tone={n.tone}>
          <span>{n.text}{n.hash && <> (<TxLink hash={n.hash} />)</>}.</span>{" "}
          <button type="button" onClick={() => notices.dismiss(n.id)} aria-label={`Dismiss: ${n.text}`}>×</button>
        </p>
      ))}
    </div>
  );
}
