// Refetches a query whenever the chain advances: reads follow new blocks instead of a timer.
import { useEffect, useRef } from "react";
import { useBlockNumber } from "wagmi";

export function useRefetchOnBlock(refetch: () => unknown): void {
  const { data: blockNumber } = useBlockNumber({ watch: true });
  // Keep the newest callback without making it a trigger: only a new block should refetch.
  const latest = useRef(refetch);
  useEffect(() => {
    latest.current = refetch;
  });
  useEffect(() => {
    if (blockNumber !== undefined) void latest.current();
  }, [blockNumber]);
}
