// Keeps a session's page current: NATS events over WebSocket while connected, chain blocks
// otherwise (none configured, refused, or reconnecting). Each event or block refetches the page's
// reads; the returned state says which of the two the page is following.
import { useEffect, useReducer, useRef } from "react";
import { useBlockNumber } from "wagmi";
import { followsChain, initialLiveState, liveReducer, type LiveState } from "../lib/live-status.ts";
import { followSessionEvents } from "../lib/nats-live.ts";
import { useDappConfig } from "./useDeployment.ts";

export function useSessionLive(id: bigint, refetch: () => unknown, active = true): LiveState {
  const { natsWebsocket } = useDappConfig();
  const [state, dispatch] = useReducer(liveReducer, natsWebsocket !== undefined, initialLiveState);
  // The newest callback without making it a trigger: only events and blocks refetch.
  const latest = useRef(refetch);
  useEffect(() => {
    latest.current = refetch;
  });

  useEffect(() => {
    if (natsWebsocket === undefined || !active) return;
    return followSessionEvents(natsWebsocket, id.toString(), dispatch, () => void latest.current());
  }, [natsWebsocket?.url, natsWebsocket?.user, natsWebsocket?.pass, id, active]);

  const { data: blockNumber } = useBlockNumber({ watch: active && followsChain(state) });
  useEffect(() => {
    if (blockNumber !== undefined && followsChain(state)) void latest.current();
  }, [blockNumber]);
  return state;
}
