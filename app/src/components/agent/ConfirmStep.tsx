// The second step of a change that cannot be taken back by accident: what will happen, in words,
// then Confirm or Cancel. Focus moves to the question so keyboard and screen reader users hear it.
import { useEffect, useRef, type ReactNode } from "react";

export function ConfirmStep(props: { id: string; children: ReactNode; confirmLabel: string; onConfirm: () => void; onCancel: () => void; danger?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} className={props.danger ? "confirm-step danger" : "confirm-step"} role="group" aria-labelledby={`${props.id}-question`} tabIndex={-1} data-testid={`${props.id}-confirm`}>
      <p id={`${props.id}-question`}>{props.children}</p>
      <p>
        <button type="button" onClick={props.onConfirm}>{props.confirmLabel}</button>{" "}
        <button type="button" onClick={props.onCancel}>Cancel</button>
      </p>
    </div>
  );
}
