// A moment as "3 min ago" (or "in 2 h"), the absolute time on hover.
import { useNowMs } from "../../hooks/useNowMs.ts";
import { absoluteTime, pastTime, relativeTime } from "../../lib/format.ts";

/** `past`: something that has happened (never "in …", whatever the clocks say). */
export function TimeAgo({ ms, testId, past = false }: { ms: number; testId?: string; past?: boolean }) {
  const now = useNowMs();
  return <time dateTime={new Date(ms).toISOString()} title={absoluteTime(ms)} data-testid={testId}>{(past ? pastTime : relativeTime)(ms, now)}</time>;
}

/** A block's time once read (hooks/useBlockTimes.ts); until then its number, muted. */
export function BlockTimeAgo({ ms, block, testId }: { ms: number | undefined; block: bigint; testId?: string }) {
  if (ms === undefined) return <span className="muted" data-testid={testId} data-block={block.toString()}>block {block.toString()}</span>;
  return <TimeAgo ms={ms} testId={testId} past />;
}
