// An agent's page, for its operator only (the connected account): the forms that update, rotate
// the key of, re-split and retire it (AgentAdminForms, loaded on demand so other visitors never
// load signing code). Others see nothing; the operator of a retired agent sees a line saying so.
import { lazy, Suspense } from "react";
import { getAddress } from "viem";
import { useConnection } from "wagmi";
import type { OperatorProps } from "./operator-props.ts";


const AgentAdminForms = lazy(() => import("./AgentAdminForms.tsx").then((m) => ({ default: m.AgentAdminForms })));

export function AgentOperatorControls(props: OperatorProps) {
  const connection = useConnection();
  const you = connection.address !== undefined && getAddress(connection.address) === getAddress(props.record.operator);
  if (!you) return null;
  if (props.record.retired) return <p className="muted" data-testid="operator-controls" data-retired="">You retired this agent: it can no longer be changed.</p>;
  return (
    <section aria-labelledby="operator-heading" className="operator-controls" data-testid="operator-controls">
      <h3 id="operator-heading">Operate this agent</h3>
      <p className="muted">You are its operator: only you see these controls.</p>
      <Suspense fallback={<p className="muted" role="status">Loading the operator's controls…</p>}>
        <AgentAdminForms {...props} operator={connection.address!} />
      </Suspense>
    </section>
  );
}
