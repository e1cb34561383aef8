// The operator's forms on an agent's page (loaded only for the operator: they carry the signing
// code): update its details or rotate its key with the new key's proof, change its royalty split,
// retire it. Each asks for a confirmation, then simulates and sends (useAgentAdmin).
import { useState, type FormEvent } from "react";
import type { Address } from "viem";
import { TxStatus } from "../TxStatus.tsx";
import { AgentDetailsFields } from "./AgentDetailsFields.tsx";
import { AgentOnboarding } from "./AgentOnboarding.tsx";
import { ConfirmStep } from "./ConfirmStep.tsx";
import { SignerPicker, type SignerChoice } from "./SignerPicker.tsx";
import { SplitEditor } from "./SplitEditor.tsx";
import { useAgentAdmin, useRegistryRef } from "../../hooks/useAgentWrites.ts";
import { agentKeyTypedDataJson, checkSignerSource, signerProof, type SignerErrors } from "../../lib/agent-key-proof.ts";
import { checkAgentDetails, nextMetadataURI, readAgentMetadata, type AgentDetails } from "../../lib/agent-metadata.ts";
import { checkSplitRows, sameSplit, splitRows, type SplitRow, type SplitValue } from "../../lib/split-form.ts";
import { txInFlight } from "../../lib/txState.ts";
import type { OperatorProps as Props } from "./operator-props.ts";
import "../../routes/agent-forms.css";

export function AgentAdminForms(props: Props & { operator: Address }) {
  const admin = useAgentAdmin(props.agentId, props.onChanged);
  return (
    <>
      <UpdateDetails {...props} admin={admin} />
      {props.split === undefined ? <p className="muted">Reading the current royalty split…</p> : <ChangeSplit key={props.record.splitHash} {...props} split={props.split} admin={admin} />}
      <AgentOnboarding agentId={props.agentId} name={props.name} modelId={props.record.modelId} heading="Connect the agent" level="h4" />
      <Retire agentId={props.agentId} admin={admin} />
    </>
  );
}

type AdminFlow = ReturnType<typeof useAgentAdmin>;

function UpdateDetails(props: Props & { operator: Address; admin: AdminFlow }) {
  const registry = useRegistryRef();
  const current = readAgentMetadata(props.record.metadataURI);
  const [shown] = useState<AgentDetails>({
    name: current?.name ?? props.name ?? "", modelId: props.record.modelId, description: current?.description ?? "",
  });
  const [details, setDetails] = useState<AgentDetails>(shown);
  // An external metadata document is kept unless the name or description was edited here.
  const metadataURI = nextMetadataURI(props.record.metadataURI, shown, details);
  const [choice, setChoice] = useState<SignerChoice>({ mode: "keep" });
  const [saved, setSaved] = useState(false);
  const [tried, setTried] = useState(false);
  const [asking, setAsking] = useState(false);
  const [proofErrors, setProofErrors] = useState<SignerErrors>({});
  const detailErrors = checkAgentDetails(details);
  const signer = choice.mode === "keep" ? undefined : checkSignerSource(choice);
  const savedError = choice.mode === "generate" && choice.privateKey !== undefined && !saved ? "Save the key first: it is shown only here." : undefined;
  const ok = Object.keys(detailErrors).length === 0 && (signer === undefined || signer.ok) && savedError === undefined;
  const busy = txInFlight(props.admin.updateTx.state);
  const signerErrors = tried ? { ...(signer && !signer.ok ? signer.errors : {}), ...proofErrors, ...(savedError && { saved: savedError }) } : proofErrors;

  // The same name, description and model id with the same key: no transaction to send.
  const unchanged = choice.mode === "keep" && details.modelId.trim() === props.record.modelId && metadataURI === props.record.metadataURI;
  const ask = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (ok && !unchanged && !busy) setAsking(true);
  };
  const send = async () => {
    setAsking(false);
    const modelId = details.modelId.trim();
    let signerAddress = props.record.signer;
    let signature: `0x${string}` = "0x";
    if (choice.mode !== "keep") {
      const proof = await signerProof(choice, registry, { operator: props.operator, modelId });
      if (!proof.ok) return setProofErrors(proof.errors);
      ({ signer: signerAddress, signature } = proof);
    }
    if (await props.admin.update({ signer: signerAddress, modelId, metadataURI, signature })) {
      setChoice({ mode: "keep" });
      setSaved(false);
      setTried(false);
    }
  };
  return (
    <section aria-labelledby="update-heading">
      <h4 id="update-heading">Details and signing key</h4>
      <form onSubmit={ask} noValidate data-testid="update-form">
        <AgentDetailsFields id="update" details={details} onChange={(d) => { setDetails(d); setAsking(false); setProofErrors({}); }} errors={tried ? detailErrors : {}} disabled={busy} />
        <SignerPicker id="rotate" choice={choice} onChange={(c) => { setChoice(c); setAsking(false); setProofErrors({}); }} saved={saved} onSaved={setSaved}
          errors={signerErrors} registry={registry} allowKeep disabled={busy}
          typedDataFor={(signer) => agentKeyTypedDataJson(registry, { operator: props.operator, signer, modelId: details.modelId.trim() })} />
        {tried && unchanged && <p className="hint" role="status">Nothing changed: nothing to send.</p>}
        {asking ? (
          <ConfirmStep id="update" confirmLabel="Send the update" onConfirm={() => void send()} onCancel={() => setAsking(false)}>
            Update agent #{props.agentId.toString()}: name “{details.name.trim()}”, model <code>{details.modelId.trim()}</code>
            {choice.mode === "keep" ? ", same signing key" : ", and bind the new signing key for good (the old one can never be used again)"}?
          </ConfirmStep>
        ) : <p><button type="submit" disabled={busy}>Update agent</button></p>}
        <TxStatus state={props.admin.updateTx.state} noun="update" testId="update-status" />
      </form>
    </section>
  );
}

function ChangeSplit(props: { agentId: bigint; split: SplitValue; admin: AdminFlow }) {
  const [rows, setRows] = useState<SplitRow[]>(() => splitRows(props.split));
  const [tried, setTried] = useState(false);
  const [asking, setAsking] = useState(false);
  const check = checkSplitRows(rows);
  const unchanged = check.ok && sameSplit(check.split, props.split);
  const busy = txInFlight(props.admin.splitTx.state);
  const ask = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (check.ok && !unchanged && !busy) setAsking(true);
  };
  return (
    <section aria-labelledby="split-heading">
      <h4 id="split-heading">Royalty split</h4>
      <form onSubmit={ask} noValidate data-testid="split-form">
        <SplitEditor id="new-split" rows={rows} onChange={(r) => { setRows(r); setAsking(false); }} check={check} showErrors={tried} disabled={busy} />
        {tried && unchanged && <p className="hint" role="status">This is the current split: nothing to send.</p>}
        {asking && check.ok ? (
          <ConfirmStep id="split" confirmLabel="Send the new split" onConfirm={() => { setAsking(false); void props.admin.setSplit(check.split); }} onCancel={() => setAsking(false)}>
            Pay agent #{props.agentId.toString()}'s future earnings to {check.split.recipients.length} recipient{check.split.recipients.length === 1 ? "" : "s"}?
            Sessions already created keep the split they started with.
          </ConfirmStep>
        ) : <p><button type="submit" disabled={busy}>Change split</button></p>}
        <TxStatus state={props.admin.splitTx.state} noun="split change" testId="split-status" />
      </form>
    </section>
  );
}

function Retire(props: { agentId: bigint; admin: AdminFlow }) {
  const [asking, setAsking] = useState(false);
  const busy = txInFlight(props.admin.retireTx.state);
  return (
    <section aria-labelledby="retire-heading">
      <h4 id="retire-heading">Retire</h4>
      <p className="hint">A retired agent joins no new session; sessions it is in run to their end. Retiring cannot be undone.</p>
      {asking ? (
        <ConfirmStep id="retire" danger confirmLabel="Retire for good" onConfirm={() => { setAsking(false); void props.admin.retire(); }} onCancel={() => setAsking(false)}>
          Retire agent #{props.agentId.toString()} for good? It cannot be undone.
        </ConfirmStep>
      ) : <p><button type="button" onClick={() => setAsking(true)} disabled={busy}>Retire agent</button></p>}
      <TxStatus state={props.admin.retireTx.state} noun="retirement" testId="retire-status" />
    </section>
  );
}
