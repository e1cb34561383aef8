// A moment as "3 min ago" (or "in 2 h"), the absolute time on hover.
import { useNowMs } from "../../hooks/useNowMs.ts";
import { absoluteTime, relativeTime } from "../../lib/format.ts";

export function TimeAgo({ ms }: { ms: number }) {
  const now = useNowMs();
  return <time dateTime={new Date(ms).toISOString()} title={absoluteTime(ms)}>{relativeTime(ms, now)}</time>;
}
