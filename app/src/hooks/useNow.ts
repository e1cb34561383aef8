// The browser's clock in unix seconds, ticking once a second while `active` (a countdown on the
// page), still otherwise so an idle page does not re-render.
import { useEffect, useState } from "react";

const seconds = () => BigInt(Math.floor(Date.now() / 1000));

export function useNow(active: boolean): bigint {
  const [now, setNow] = useState(seconds);
  useEffect(() => {
    if (!active) return;
    setNow(seconds());
    const timer = setInterval(() => setNow(seconds()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
