// Keeps a session's page current: NATS events over WebSocket while connected, chain blocks
// otherwise (none configured, refused, or reconnecting). Each event or block refetches the page's
// reads; the returned state says which of the two the page is following.
import { useEffect, useReducer, useRef, useState } from "react";
import { useBlockNumber } from "wagmi";
import { followsChain, initialLiveState, liveReducer, type LiveState } from "../lib/live-status.ts";
import { followSessionEvents } from "../lib/nats-live.ts";
import { coalesce } from "../lib/coalesce.ts";
import { useDappConfig } from "./useDeployment.ts";

export function useSessionLive(id: bigint, refetch: () => unknown): LiveState {
  const { natsWebsocket } = useDappConfig();
  const [state, dispatch] = useReducer(liveReducer, natsWebsocket !== undefined, initialLiveState);
  // The newest callback without making it a trigger: only events and blocks refetch, one
  // refetch at a time (see coalesce).
  const latest = useRef(refetch);
  useEffect(() => {
    latest.current = refetch;
  });
  const [trigger] = useState(() => coalesce(async () => latest.current()));

  useEffect(() => {
    if (natsWebsocket === undefined) return;
    return followSessionEvents(natsWebsocket, id.toString(), dispatch, trigger);
  }, [natsWebsocket?.url, natsWebsocket?.user, natsWebsocket?.pass, natsWebsocket?.jwt, id]);

  const { data: blockNumber } = useBlockNumber({ watch: followsChain(state) });
  useEffect(() => {
    if (blockNumber !== undefined && followsChain(state)) trigger();
  }, [blockNumber]);
  return state;
}
