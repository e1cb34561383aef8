// Submit a task: the form (validated by lib/submitForm.ts), then approve (ERC-20 only), the check
// before money moves (POST /api/preflight: the agents' answers, the funds), createSession, queue
// the job, and on to the session's page. What each agent declares shows before a task is typed.
import { useState, type FormEvent, type ReactNode } from "react";
import type { Address } from "viem";
import { MAX_ABSENCE_GRACE, MAX_AGENTS, MAX_ROUNDS, MAX_TASK_CHARS, MAX_VOTE_CREDITS, MIN_AGENTS } from "@concord/agent-sdk/protocol";
import { RequireWallet } from "../components/RequireWallet.tsx";
import { TxStatus } from "../components/TxStatus.tsx";
import { useAgentDeclarations } from "../hooks/useAgentDeclarations.ts";
import { useAgents } from "../hooks/useAgents.ts";
import { usePreflight } from "../hooks/usePreflight.ts";
import { useDeployment } from "../hooks/useDeployment.ts";
import { useSubmitSession } from "../hooks/useSubmitSession.ts";
import { Link } from "../components/Link.tsx";
import { sessionHref } from "../lib/routes.ts";
import { declarationText } from "../lib/agent-declarations.ts";
import { placeProblems, preflightBody } from "../lib/preflight.ts";
import { defaultFields, validateSubmit, type SubmitField, type SubmitFields } from "../lib/submitForm.ts";
import { currencies, formatAmount } from "../lib/tokens.ts";
import { txInFlight } from "../lib/txState.ts";
import { taskExamples } from "../lib/task-examples.ts";
import { TaskExamples } from "../components/TaskExamples.tsx";
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
  const flow = useSubmitSession(account, currency, () => {
    setFields(defaultFields(deployment.orchestrator));
    setTried(false);
  });
  const registry = useAgents();
  const validation = validateSubmit(fields, list, flow.balance, account);
  const errors = tried && !validation.ok ? validation.errors : {};
  const listed = registry.agents.filter((a) => !a.record.retired);
  const declarations = useAgentDeclarations(listed.map((a) => a.agentId));
  const preflight = usePreflight(validation.ok ? preflightBody(validation.params, account) : undefined);
  const checked = preflight.current && (preflight.state.kind === "passed" || preflight.state.kind === "refused") ? preflight.state.answer : undefined;
  const placed = placeProblems(checked?.problems ?? []);
  const busy = txInFlight(flow.approveTx.state) || txInFlight(flow.createTx.state) || flow.job.kind === "queueing";
  const needsApproval = validation.ok && flow.needsApproval(validation.params.bounty);
  const set = (name: SubmitField) => (e: { target: { value: string } }) => setFields({ ...fields, [name]: e.target.value });
  const toggleAgent = (id: string, on: boolean) =>
    setFields({ ...fields, agentIds: on ? [...fields.agentIds, id] : fields.agentIds.filter((a) => a !== id) });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!validation.ok || busy || preflight.blocking) return;
    // An approval moves no bounty; the check comes before the transaction that does.
    if (needsApproval) return void flow.approve(validation.params.bounty);
    const { params } = validation;
    if (await preflight.run(preflightBody(params, account))) void flow.create(params);
  };

  return (
    <form className="submit" onSubmit={(e) => void submit(e)} noValidate aria-describedby={tried && !validation.ok ? "form-errors" : undefined}>
      {tried && !validation.ok && (
        <p id="form-errors" role="alert" className="error" data-testid="form-errors">
          Fix the {Object.keys(validation.errors).length === 1 ? "field" : `${Object.keys(validation.errors).length} fields`} marked below.
        </p>
      )}
      <Field name="task" label="Task" error={errors.task ?? joined(placed.task)} hint="The agents see this text; the chain stores its hash.">
        <textarea id="task" value={fields.task} onChange={set("task")} maxLength={MAX_TASK_CHARS} {...invalid("task", errors.task ?? joined(placed.task))} />
      </Field>
      <TaskExamples examples={taskExamples(declarations.data, fields.agentIds, declarations.isError)} onUse={(task) => setFields({ ...fields, task })} />
      <div className="row">
        <Field name="currency" label="Bounty in" error={errors.currency}>
          <select id="currency" value={fields.currency} onChange={set("currency")}>
            {list.map((c) => <option key={c.address} value={c.symbol}>{c.symbol}</option>)}
          </select>
        </Field>
        <Field name="bounty" label="Bounty" error={errors.bounty ?? joined(placed.bounty)} hint={flow.balance === undefined ? undefined : `Balance ${formatAmount(flow.balance, currency)}`}>
          <input id="bounty" type="text" inputMode="decimal" value={fields.bounty} onChange={set("bounty")} {...invalid("bounty", errors.bounty ?? joined(placed.bounty))} />
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
        <Field name="taskFamily" label="Task family (optional)" error={errors.taskFamily}
          hint="The kind of task, e.g. arithmetic: agents are weighed by their past sessions of this family only. A new name starts every agent at weight 1.">
          <input id="taskFamily" type="text" maxLength={100} value={fields.taskFamily} onChange={set("taskFamily")} {...invalid("taskFamily", errors.taskFamily)} />
        </Field>
      </div>
      <fieldset aria-describedby={errors.agentIds ? "agentIds-error" : undefined} data-testid="agent-choices">
        <legend>Agents ({MIN_AGENTS} to {MAX_AGENTS})</legend>
        {registry.isPending ? <p className="muted">Reading the agent registry…</p> : (
          <ul className="plain">
            {listed.map((a) => {
              const id = a.agentId.toString();
              const declared = declarations.data?.find((d) => d.agentId === id);
              const answer = checked?.agents.find((d) => d.agentId === id);
              const problems = placed.agents.get(id) ?? [];
              return (
                <li key={id} data-testid="agent-choice" data-agent-id={id}>
                  <label>
                    <input type="checkbox" checked={fields.agentIds.includes(id)} onChange={(e) => toggleAgent(id, e.target.checked)}
                      aria-describedby={`agent-${id}-declares`} />{" "}
                    Agent #{id} <code>{a.record.modelId}</code>
                  </label>
                  <span id={`agent-${id}-declares`} className="hint" data-testid="agent-declaration">
                    {" "}{declared ? declarationText(declared) : declarations.isError ? "what it takes is unknown (the dApp server did not say)" : declarations.isPending ? "asking what it takes…" : ""}
                  </span>
                  {problems.map((p) => <p key={p} className="field-error" data-testid="agent-problem">{p}</p>)}
                  {problems.length === 0 && answer?.accepts === false && <p className="hint" data-testid="agent-answer" data-accepts="false">Will skip this task: {answer.reason}</p>}
                  {answer?.accepts === true && <p className="hint" data-testid="agent-answer" data-accepts="true">Takes this task.</p>}
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
      <PreflightStatus state={preflight.state} current={preflight.current} general={placed.general} notes={checked?.notes ?? []} />
      <p>
        <button type="submit" disabled={busy || preflight.blocking}>
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

/** The check before money moves, as a person reads it; field and agent problems show by their fields. */
function PreflightStatus(props: { state: ReturnType<typeof usePreflight>["state"]; current: boolean; general: readonly string[]; notes: readonly string[] }) {
  const { state } = props;
  if (state.kind === "idle") return null;
  if (state.kind === "checking") {
    return <p role="status" data-testid="preflight-status" data-state="checking">Checking with the agents and the chain before anything is sent…</p>;
  }
  if (!props.current) {
    return <p role="status" data-testid="preflight-status" data-state="stale">{state.kind === "refused" ? "Checking your changes…" : "The fields changed since the last check; it runs again when you submit."}</p>;
  }
  if (state.kind === "failed") {
    return (
      <p role="alert" className="error" data-testid="preflight-status" data-state="failed">
        Could not check the submission before sending it: {state.message}. Nothing was sent and no bounty moved; try again.
      </p>
    );
  }
  const notes = props.notes.map((n) => <li key={n}>{n}</li>);
  if (state.kind === "passed") {
    return <div role="status" data-testid="preflight-status" data-state="passed"><p>Checked: the agents take this task and your funds cover it.</p>{notes.length > 0 && <ul>{notes}</ul>}</div>;
  }
  return (
    <div role="alert" className="error" data-testid="preflight-status" data-state="refused">
      <p>Nothing was sent: this session would fail. Fix what is marked above; the check runs again as you edit.</p>
      {props.general.length > 0 && <ul data-testid="preflight-general">{props.general.map((g) => <li key={g}>{g}</li>)}</ul>}
      {notes.length > 0 && <ul>{notes}</ul>}
    </div>
  );
}

function joined(texts: readonly string[]): string | undefined {
  return texts.length === 0 ? undefined : texts.join(" ");
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
