// The browser's clock in milliseconds, refreshed every `intervalMs` (relative times: "3 min ago").
import { useEffect, useState } from "react";

export function useNowMs(intervalMs = 30_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
