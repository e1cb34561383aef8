// A blockie-like identicon of an address (or any seed): one image drawn in the page, no network
// fetch. Decorative: the name or address beside it says who it is.
import { identiconDataUrl } from "../../lib/identicon.ts";

export function Avatar({ seed, size = 20 }: { seed: string; size?: number }) {
  return <img className="avatar" src={identiconDataUrl(seed)} width={size} height={size} alt="" decoding="async" />;
}
