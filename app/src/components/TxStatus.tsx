// The status line of one transaction (shared by approve, create, claim, distribute and refund):
// announced politely to screen readers, with the state in data-state for tests and styles.
import { txStatusText, type TxState } from "../lib/txState.ts";

export function TxStatus(props: { state: TxState | { kind: string }; text?: string; noun: string; testId: string }) {
  const text = props.text ?? txStatusText(props.noun, props.state as TxState);
  const bad = props.state.kind === "failed" || props.state.kind === "reverted" || props.state.kind === "would-fail";
  return (
    <p role="status" aria-live="polite" className={bad ? "tx-status error" : "tx-status"} data-testid={props.testId} data-state={props.state.kind}>
      {text}
    </p>
  );
}
