// The session page's live-update state as a pure reducer: how the page learns that a session moved
// (NATS events over WebSocket while connected, chain blocks otherwise) and what it tells the user.
import { outcomeText, type SessionEvent } from "@concord/agent-sdk/protocol";
import { furthestEvent } from "./session-progress.ts";

export type LiveMode =
  /** Opening the WebSocket; the page follows the chain meanwhile. */
  | "connecting"
  /** Subscribed to the session's events on NATS. */
  | "live"
  /** The connection dropped; the client is reconnecting and the page follows the chain meanwhile. */
  | "reconnecting"
  /** No live connection (none configured, refused, or closed): chain events only. */
  | "chain";

export type LiveState = {
  readonly mode: LiveMode;
  /** Why the page is on chain events only, when it is. */
  readonly reason?: string;
  readonly events: number;
  readonly lastEvent?: SessionEvent;
  /** The event furthest along in the session (events may arrive out of its order): the progress line's. */
  readonly furthestEvent?: SessionEvent;
};

export type LiveAction =
  | { readonly type: "connecting" }
  | { readonly type: "connected" }
  | { readonly type: "reconnecting" }
  | { readonly type: "unavailable"; readonly reason: string }
  | { readonly type: "event"; readonly event: SessionEvent };

export function initialLiveState(configured: boolean): LiveState {
  return configured ? { mode: "connecting", events: 0 } : { mode: "chain", reason: "no live connection configured", events: 0 };
}

export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  switch (action.type) {
    case "connecting":
      return { mode: "connecting", events: state.events, lastEvent: state.lastEvent, furthestEvent: state.furthestEvent };
    case "connected":
      return { mode: "live", events: state.events, lastEvent: state.lastEvent, furthestEvent: state.furthestEvent };
    case "reconnecting":
      return { ...state, mode: state.mode === "chain" ? "chain" : "reconnecting" };
    case "unavailable":
      return { mode: "chain", reason: action.reason, events: state.events, lastEvent: state.lastEvent, furthestEvent: state.furthestEvent };
    case "event":
      return { ...state, events: state.events + 1, lastEvent: action.event, furthestEvent: furthestEvent(state.furthestEvent, action.event) };
  }
}

/** Whether the page should refetch on new chain blocks: whenever NATS is not delivering. */
export function followsChain(state: LiveState): boolean {
  return state.mode !== "live";
}

/** The status line the page shows (role=status). */
export function liveStatusText(state: LiveState): string {
  switch (state.mode) {
    case "connecting":
      return "Connecting to live updates… following chain events meanwhile.";
    case "live":
      return state.lastEvent ? `Live: connected to NATS (last event: ${describeEvent(state.lastEvent)}).` : "Live: connected to NATS.";
    case "reconnecting":
      return "Live connection lost: reconnecting… following chain events meanwhile.";
    case "chain":
      return `Following chain events (live updates unavailable: ${state.reason ?? "not connected"}).`;
  }
}

export function describeEvent(event: SessionEvent): string {
  switch (event.type) {
    case "round-started":
      return `round ${event.round} started`;
    case "phase-closed":
      return `round ${event.round} ${event.phase} phase closed`;
    case "round-recorded":
      return `round ${event.round} recorded`;
    case "halted":
      return `halted after round ${event.round} (${event.reason}): ${outcomeText({ label: event.outcome, tied: event.tied })}`;
    case "session-settled":
      return "settled";
    case "session-failed":
      return `failed${event.refund === undefined ? "" : ` (${refundWords[event.refund]})`}`;
  }
}

/** How the bounty of a failed session comes back, as the orchestrator reports it. */
const refundWords = { refunded: "refunded", open: "refund open", "at-deadline": "refund after the deadline" } as const;
