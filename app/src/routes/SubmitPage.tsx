// Submit a task: the form (validated by lib/submitForm.ts), then approve (ERC-20 only),
// createSession, queue the job, and on to the session's page.
import { useState, type FormEvent, type ReactNode } from "react";
import type { Address } from "viem";
import { MAX_ABSENCE_GRACE, MAX_AGENTS, MAX_ROUNDS, MAX_TASK_CHARS, MAX_VOTE_CREDITS, MIN_AGENTS } from "@concord/agent-sdk/protocol";
import { RequireWallet } from "../components/RequireWallet.tsx";
import { TxStatus } from "../components/TxStatus.tsx";
import { useAgents } from "../hooks/useAgents.ts";
import { useDeployment } from "../hooks/useDeployment.ts";
import { useSubmitSession } from "../hooks/useSubmitSession.ts";
import { Link } from "../components/Link.tsx";
import { sessionHref } from "../lib/routes.ts";
import { defaultFields, validateSubmit, type SubmitField, type SubmitFields } from "../lib/submitForm.ts";
import { currencies, formatAmount } from "../lib/tokens.ts";
import { txInFlight } from "../lib/txState.ts";
import "../pages.css";

export function SubmitPage() {
  return (
    <section aria-labelledby="submit-heading">
      <h2 id="submit-heading">Submit a task</h2>
      <RequireWallet purpose="submit a task">{(account) => <SubmitForm account={account} />}</RequireWallet>
    </section>
  );
}

function SubmitForm({ account }: { account: Address }) {
  const deployment = useDeployment();
  const list = currencies(deployment);
  const [fields, setFields] = useState<SubmitFields>(() => defaultFields(deployment.orchestrator));
  const [tried, setTried] = useState(false);
  const currency = list.find((c) => c.symbol === fields.currency) ?? list[0]!;
  const flow = useSubmitSession(account, currency);
  const registry = useAgents();
  const validation = validateSubmit(fields, list, flow.balance, account);
  const errors = tried && !validation.ok ? validation.errors : {};
  const busy = txInFlight(flow.approveTx.state) || txInFlight(flow.createTx.state) || flow.job.kind === "queueing";
  const needsApproval = validation.ok && flow.needsApproval(validation.params.bounty);
  const set = (name: SubmitField) => (e: { target: { value: string } }) => setFields({ ...fields, [name]: e.target.value });
  const toggleAgent = (id: string, on: boolean) =>
    setFields({ ...fields, agentIds: on ? [...fields.agentIds, id] : fields.agentIds.filter((a) => a !== id) });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!validation.ok || busy) return;
    if (needsApproval) void flow.approve(validation.params.bounty);
    else void flow.create(validation.params);
  };

  return (
    <form className="submit" onSubmit={submit} noValidate aria-describedby={tried && !validation.ok ? "form-errors" : undefined}>
      {tried && !validation.ok && (
        <p id="form-errors" role="alert" className="error" data-testid="form-errors">
          Fix the {Object.keys(validation.errors).length === 1 ? "field" : `${Object.keys(validation.errors).length} fields`} marked below.
        </p>
      )}
      <Field name="task" label="Task" error={errors.task} hint="The agents see this text; the chain stores its hash.">
        <textarea id="task" value={fields.task} onChange={set("task")} maxLength={MAX_TASK_CHARS} {...invalid("task", errors.task)} />
      </Field>
      <div className="row">
        <Field name="currency" label="Bounty in" error={errors.currency}>
          <select id="currency" value={fields.currency} onChange={set("currency")}>
            {list.map((c) => <option key={c.address} value={c.symbol}>{c.symbol}</option>)}
          </select>
        </Field>
        <Field name="bounty" label="Bounty" error={errors.bounty} hint={flow.balance === undefined ? undefined : `Balance ${formatAmount(flow.balance, currency)}`}>
          <input id="bounty" type="text" inputMode="decimal" value={fields.bounty} onChange={set("bounty")} {...invalid("bounty", errors.bounty)} />
        </Field>
      </div>
      <div className="row">
        <Field name="minRounds" label="Min rounds" error={errors.minRounds}>
          <input id="minRounds" type="number" min={1} max={MAX_ROUNDS} value={fields.minRounds} onChange={set("minRounds")} {...invalid("minRounds", errors.minRounds)} />
        </Field>
        <Field name="maxRounds" label="Max rounds" error={errors.maxRounds}>
          <input id="maxRounds" type="number" min={1} max={MAX_ROUNDS} value={fields.maxRounds} onChange={set("maxRounds")} {...invalid("maxRounds", errors.maxRounds)} />
        </Field>
        <Field name="effort" label="Effort" error={errors.effort} hint="In (0, 1]: another round runs while it is expected to add more than (1 − effort) × 5 points of accuracy.">
          <input id="effort" type="text" inputMode="decimal" value={fields.effort} onChange={set("effort")} {...invalid("effort", errors.effort)} />
        </Field>
      </div>
      <div className="row">
        <Field name="voteCredits" label="Vote credits per agent" error={errors.voteCredits}>
          <input id="voteCredits" type="number" min={1} max={MAX_VOTE_CREDITS} value={fields.voteCredits} onChange={set("voteCredits")} {...invalid("voteCredits", errors.voteCredits)} />
        </Field>
        <Field name="absenceGrace" label="Absence grace (seconds)" error={errors.absenceGrace}
          hint={`If a round is recorded without some agents, anyone may replace it with the complete one for this long (0 to ${MAX_ABSENCE_GRACE}); the next round waits.`}>
          <input id="absenceGrace" type="number" min={0} max={MAX_ABSENCE_GRACE} value={fields.absenceGrace} onChange={set("absenceGrace")} {...invalid("absenceGrace", errors.absenceGrace)} />
        </Field>
        <Field name="deadlineMinutes" label="Deadline (minutes from now)" error={errors.deadlineMinutes} hint="After it, an unsettled session can be refunded.">
          <input id="deadlineMinutes" type="number" min={1} value={fields.deadlineMinutes} onChange={set("deadlineMinutes")} {...invalid("deadlineMinutes", errors.deadlineMinutes)} />
        </Field>
      </div>
      <fieldset aria-describedby={errors.agentIds ? "agentIds-error" : undefined} data-testid="agent-choices">
        <legend>Agents ({MIN_AGENTS} to {MAX_AGENTS})</legend>
        {registry.isPending ? <p className="muted">Reading the agent registry…</p> : (
          <ul className="plain">
            {registry.agents.filter((a) => !a.record.retired).map((a) => {
              const id = a.agentId.toString();
              return (
                <li key={id}>
                  <label>
                    <input type="checkbox" checked={fields.agentIds.includes(id)} onChange={(e) => toggleAgent(id, e.target.checked)} />{" "}
                    Agent #{id} <code>{a.record.modelId}</code>
                  </label>
                </li>
              );
            })}
          </ul>
        )}
        {errors.agentIds && <p id="agentIds-error" className="field-error">{errors.agentIds}</p>}
      </fieldset>
      <Field name="orchestrator" label="Orchestrator" error={errors.orchestrator} hint="Who records the rounds and settles; the dApp's own by default.">
        <input id="orchestrator" type="text" value={fields.orchestrator} onChange={set("orchestrator")} spellCheck={false} {...invalid("orchestrator", errors.orchestrator)} />
      </Field>
      <p>
        <button type="submit" disabled={busy}>
          {needsApproval && validation.ok ? `Approve ${formatAmount(validation.params.bounty, currency)}` : "Create session"}
        </button>
      </p>
      {!currency.native && <TxStatus state={flow.approveTx.state} noun="approval" testId="approve-status" />}
      <TxStatus state={flow.createTx.state} noun="session creation" testId="create-status" />
      {flow.job.kind === "queueing" && <p role="status" data-testid="job-status" data-state="queueing">Session {flow.job.sessionId.toString()} created; sign its job request in your wallet to queue it…</p>}
      {flow.job.kind === "refused" && validation.ok && (
        <p role="alert" className="error" data-testid="job-status" data-state="refused">
          <Link href={sessionHref(flow.job.sessionId)}>Session {flow.job.sessionId.toString()}</Link> was created, but its job was not queued:{" "}
          {flow.job.result.message}{" "}
          <button type="button" onClick={() => flow.job.kind === "refused" && flow.retryQueue(flow.job.sessionId, validation.params)}>Retry</button>
        </p>
      )}
    </form>
  );
}

function invalid(name: string, error: string | undefined) {
  return error ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {};
}

function Field(props: { name: SubmitField; label: string; error: string | undefined; hint?: string | undefined; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={props.name}>{props.label}</label>
      {props.children}
      {props.error ? <p id={`${props.name}-error`} className="field-error">{props.error}</p> : props.hint && <p className="hint">{props.hint}</p>}
    </div>
  );
}
