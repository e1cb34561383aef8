// A moment as "3 min ago" (or "in 2 h"), the absolute time on hover.
import { useNowMs } from "../../hooks/useNowMs.ts";
import { absoluteTime, relativeTime } from "../../lib/format.ts";

export function TimeAgo({ ms, testId }: { ms: number; testId?: string }) {
  const now = useNowMs();
  return <time dateTime={new Date(ms).toISOString()} title={absoluteTime(ms)} data-testid={testId}>{relativeTime(ms, now)}</time>;
}

/** A block's time once read (hooks/useBlockTimes.ts); until then its number, muted. */
export function BlockTimeAgo({ ms, block, testId }: { ms: number | undefined; block: bigint; testId?: string }) {
  if (ms === undefined) return <span className="muted" data-testid={testId} data-block={block.toString()}>block {block.toString()}</span>;
  return <TimeAgo ms={ms} testId={testId} />;
}
