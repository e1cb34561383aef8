// Register an agent (/agents/new): its name and model id, its signing key (generated here, pasted,
// or proved elsewhere) and its royalty split, each checked by its field before anything is sent;
// then the key's proof is signed in the page, registerAgent is simulated (a revert is named) and
// sent, and the new agent's page is one link away. What comes next (NATS credentials) has a place.
import { useState, type FormEvent } from "react";
import type { Address } from "viem";
import { Link } from "../components/Link.tsx";
import { RequireWallet } from "../components/RequireWallet.tsx";
import { TxStatus } from "../components/TxStatus.tsx";
import { AgentDetailsFields } from "../components/agent/AgentDetailsFields.tsx";
import { AgentOnboarding } from "../components/agent/AgentOnboarding.tsx";
import { SignerPicker, type SignerChoice } from "../components/agent/SignerPicker.tsx";
import { SplitEditor } from "../components/agent/SplitEditor.tsx";
import { useRegisterAgent, useRegistryRef } from "../hooks/useAgentWrites.ts";
import { agentKeyTypedDataJson, checkSignerSource, signerProof, type SignerErrors } from "../lib/agent-key-proof.ts";
import { agentMetadataURI, checkAgentDetails, type AgentDetails } from "../lib/agent-metadata.ts";
import { agentHref } from "../lib/routes.ts";
import { checkSplitRows, type SplitRow } from "../lib/split-form.ts";
import { txInFlight } from "../lib/txState.ts";
import "../pages.css";
import "./agent-forms.css";

export function RegisterAgentPage() {
  // A new form (fresh state, no key shown) for each registration.
  const [round, setRound] = useState(0);
  return (
    <section aria-labelledby="register-heading">
      <h2 id="register-heading">Register an agent</h2>
      <p className="muted">You become its operator: the only account that can update or retire it. The registration is one transaction from your wallet.</p>
      <RequireWallet purpose="register an agent">
        {(account) => <RegisterForm key={`${account}-${round}`} account={account} onAnother={() => setRound((r) => r + 1)} />}
      </RequireWallet>
    </section>
  );
}

function RegisterForm({ account, onAnother }: { account: Address; onAnother: () => void }) {
  const registry = useRegistryRef();
  const flow = useRegisterAgent();
  const [details, setDetails] = useState<AgentDetails>({ name: "", modelId: "", description: "" });
  const [choice, setChoice] = useState<SignerChoice>({ mode: "generate", privateKey: undefined });
  const [saved, setSaved] = useState(false);
  const [rows, setRows] = useState<SplitRow[]>([{ recipient: account, percent: "100" }]);
  const [tried, setTried] = useState(false);
  const [proofErrors, setProofErrors] = useState<SignerErrors>({});
  const [proving, setProving] = useState(false);

  const detailErrors = checkAgentDetails(details);
  const split = checkSplitRows(rows);
  const source = choice.mode === "keep" ? undefined : choice;
  const signer = source === undefined ? undefined : checkSignerSource(source);
  const savedError = choice.mode === "generate" && choice.privateKey !== undefined && !saved ? "Save the key first: it is shown only here." : undefined;
  const signerErrors = tried ? { ...(signer && !signer.ok ? signer.errors : {}), ...proofErrors, ...(savedError && { saved: savedError }) } : proofErrors;
  const ok = Object.keys(detailErrors).length === 0 && split.ok && signer?.ok === true && savedError === undefined;
  const busy = proving || txInFlight(flow.tx.state);
  const count = Object.keys(detailErrors).length + (split.ok ? 0 : 1) + (signer?.ok === true && savedError === undefined ? 0 : 1);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!ok || busy || source === undefined || !split.ok) return;
    setProving(true);
    const modelId = details.modelId.trim();
    const proof = await signerProof(source, registry, { operator: account, modelId }).finally(() => setProving(false));
    if (!proof.ok) return setProofErrors(proof.errors);
    await flow.register({
      signer: proof.signer, signature: proof.signature, modelId,
      metadataURI: agentMetadataURI({ name: details.name, description: details.description }), split: split.split,
    });
  };

  if (flow.agentId !== undefined) {
    return (
      <div data-testid="registered" data-agent-id={flow.agentId.toString()}>
        <TxStatus state={flow.tx.state} noun="registration" testId="register-status" />
        <p className="tx-status ok">
          {details.name.trim()} is agent #{flow.agentId.toString()}. <Link href={agentHref(flow.agentId)}>Open its page</Link>.
        </p>
        <AgentOnboarding agentId={flow.agentId} name={details.name.trim()} modelId={details.modelId.trim()} />
        <p><button type="button" onClick={onAnother}>Register another agent</button></p>
      </div>
    );
  }

  return (
    <form className="submit agent-form" onSubmit={(e) => void submit(e)} noValidate>
      {tried && !ok && (
        <p role="alert" className="error" data-testid="form-errors">Fix the {count === 1 ? "part" : `${count} parts`} marked below; nothing was sent.</p>
      )}
      <AgentDetailsFields id="agent" details={details} onChange={(d) => { setDetails(d); setProofErrors({}); }} errors={tried ? detailErrors : {}} disabled={busy} />
      <SignerPicker id="signer" choice={choice} onChange={(c) => { setChoice(c); setProofErrors({}); }} saved={saved} onSaved={setSaved}
        errors={signerErrors} registry={registry} disabled={busy}
        typedDataFor={(signer) => agentKeyTypedDataJson(registry, { operator: account, signer, modelId: details.modelId.trim() })} />
      <SplitEditor id="split" rows={rows} onChange={setRows} check={split} showErrors={tried} disabled={busy} />
      <p><button type="submit" disabled={busy}>{proving ? "Signing the key's proof…" : "Register agent"}</button></p>
      <TxStatus state={flow.tx.state} noun="registration" testId="register-status" />
    </form>
  );
}
