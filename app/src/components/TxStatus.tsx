// The status line of one transaction (shared by approve, create, claim, distribute and refund):
// announced politely to screen readers, with the state in data-state for tests and styles, and the
// transaction as a short link to its explorer view (its whole hash in data-hash).
import type { Hex } from "viem";
import { txStatusText, type TxState } from "../lib/txState.ts";
import { TxLink } from "./chain/TxLink.tsx";

export function TxStatus(props: { state: TxState | { kind: string; hash?: Hex }; text?: string; noun: string; testId: string }) {
  const text = props.text ?? txStatusText(props.noun, props.state as TxState);
  const bad = props.state.kind === "failed" || props.state.kind === "reverted" || props.state.kind === "would-fail";
  const hash = "hash" in props.state ? props.state.hash : undefined;
  const at = hash === undefined ? -1 : text.indexOf(hash);
  const className = bad ? "tx-status error" : props.state.kind === "confirmed" ? "tx-status ok" : "tx-status";
  return (
    <p role="status" aria-live="polite" className={className} data-testid={props.testId} data-state={props.state.kind} data-hash={hash}>
      {at < 0 || hash === undefined ? text : <>{text.slice(0, at)}<TxLink hash={hash} />{text.slice(at + hash.length)}</>}
    </p>
  );
}
