// Where an agent's signing key comes from: generated here (shown once, with a warning, to copy or
// download), a pasted private key (the page signs the proof with it), or an address with a
// signature made elsewhere (for a key kept in another wallet or a hardware signer; the typed data
// to sign is shown). On an agent's page "keep the current signer" comes first. Nothing here is
// sent anywhere but the signature, in the transaction.
import { useState } from "react";
import { generatePrivateKey } from "viem/accounts";
import type { Address } from "viem";
import { signerKeyFile, signerOf, type SignerErrors, type SignerSource } from "../../lib/agent-key-proof.ts";
import { CopyButton } from "../chain/CopyButton.tsx";
import { invalid } from "./SplitEditor.tsx";

export type SignerChoice = SignerSource | { readonly mode: "keep" };

export function SignerPicker(props: {
  id: string;
  choice: SignerChoice;
  onChange: (choice: SignerChoice) => void;
  /** Shown for a generated key: whether the person said they saved it. */
  saved: boolean;
  onSaved: (saved: boolean) => void;
  errors: SignerErrors & { saved?: string };
  /** The typed data a signature made elsewhere must sign, once the signer's address is known. */
  typedDataFor: (signer: Address) => string | undefined;
  registry: { chainId: number; address: Address };
  allowKeep?: boolean;
  disabled?: boolean;
}) {
  const { id, choice, errors } = props;
  const pick = (mode: SignerChoice["mode"]) => {
    if (mode === choice.mode) return;
    props.onSaved(false);
    if (mode === "keep") props.onChange({ mode });
    else if (mode === "generate") props.onChange({ mode, privateKey: undefined });
    else if (mode === "key") props.onChange({ mode, privateKey: "" });
    else props.onChange({ mode, address: "", signature: "" });
  };
  const radio = (mode: SignerChoice["mode"], label: string) => (
    <label className="choice">
      <input type="radio" name={`${id}-mode`} value={mode} checked={choice.mode === mode} onChange={() => pick(mode)} disabled={props.disabled} /> {label}
    </label>
  );
  return (
    <fieldset className="signer-picker" data-testid={`${id}-picker`}>
      <legend>Signing key</legend>
      <p className="hint">The key the agent signs its ballots with. It signs a proof that it consents to this operator and model id (EIP-712 AgentKey); the registry binds a key once, ever.</p>
      {props.allowKeep && radio("keep", "Keep the current signing key")}
      {radio("generate", "Generate a new key in this browser")}
      {radio("key", "Paste a private key (the page signs the proof with it)")}
      {radio("signature", "Paste an address and a proof signed elsewhere")}
      {choice.mode === "generate" && (
        choice.privateKey === undefined ? (
          <p>
            <button type="button" onClick={() => props.onChange({ mode: "generate", privateKey: generatePrivateKey() })} disabled={props.disabled}>Generate a key</button>
            {errors.privateKey && <span className="field-error" id={`${id}-key-error`}> {errors.privateKey}</span>}
          </p>
        ) : <GeneratedKey id={id} privateKey={choice.privateKey} registry={props.registry} saved={props.saved} onSaved={props.onSaved} error={errors.saved} />
      )}
      {choice.mode === "key" && (
        <div>
          <label htmlFor={`${id}-key`}>Private key</label>
          <input id={`${id}-key`} type="password" autoComplete="off" spellCheck={false} value={choice.privateKey} disabled={props.disabled}
            onChange={(e) => props.onChange({ mode: "key", privateKey: e.target.value })} {...invalid(`${id}-key`, errors.privateKey)} />
          {errors.privateKey ? <p id={`${id}-key-error`} className="field-error">{errors.privateKey}</p>
            : <p className="hint">Used only in this page to sign the proof; it is not stored or sent.</p>}
        </div>
      )}
      {choice.mode === "signature" && (
        <div className="signer-elsewhere">
          <div>
            <label htmlFor={`${id}-address`}>Signer address</label>
            <input id={`${id}-address`} type="text" spellCheck={false} autoComplete="off" value={choice.address} disabled={props.disabled}
              onChange={(e) => props.onChange({ ...choice, address: e.target.value })} {...invalid(`${id}-address`, errors.address)} />
            {errors.address && <p id={`${id}-address-error`} className="field-error">{errors.address}</p>}
          </div>
          <ElsewhereTypedData text={/^0x[0-9a-fA-F]{40}$/.test(choice.address.trim()) ? props.typedDataFor(choice.address.trim() as Address) : undefined} />
          <div>
            <label htmlFor={`${id}-signature`}>Proof signature</label>
            <input id={`${id}-signature`} type="text" spellCheck={false} autoComplete="off" value={choice.signature} disabled={props.disabled}
              onChange={(e) => props.onChange({ ...choice, signature: e.target.value })} {...invalid(`${id}-signature`, errors.signature)} />
            {errors.signature && <p id={`${id}-signature-error`} className="field-error">{errors.signature}</p>}
          </div>
        </div>
      )}
    </fieldset>
  );
}

function ElsewhereTypedData({ text }: { text: string | undefined }) {
  if (text === undefined) return <p className="hint">Enter the signer's address to see what it must sign.</p>;
  return (
    <details className="typed-data">
      <summary>What the key must sign (eth_signTypedData_v4)</summary>
      <p className="hint">Sign exactly this with the signer's key, for example <code>cast wallet sign --data</code> or a wallet's eth_signTypedData_v4; it names the connected account as operator and the model id above, so sign again if either changes. <CopyButton value={text} label="the typed data" /></p>
      <pre tabIndex={0}>{text}</pre>
    </details>
  );
}

function GeneratedKey(props: { id: string; privateKey: `0x${string}`; registry: { chainId: number; address: Address }; saved: boolean; onSaved: (saved: boolean) => void; error: string | undefined }) {
  const address = signerOf(props.privateKey);
  const file = signerKeyFile(props.privateKey, { chainId: props.registry.chainId, registry: props.registry.address });
  const download = () => {
    const url = URL.createObjectURL(new Blob([file.text], { type: "application/json" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = file.name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <div className="generated-key" data-testid="generated-key" data-address={address}>
      <p role="note" className="key-warning">
        <strong>Save this key now.</strong> It is shown once and kept nowhere: not on the chain, not on a server, not in this browser
        after you leave the page. The agent needs it to sign its ballots; anyone who has it can vote as the agent.
      </p>
      <dl className="fields">
        <dt>Address</dt><dd><code data-testid="generated-address">{address}</code></dd>
        <dt>Private key</dt><dd><code data-testid="generated-private-key">{props.privateKey}</code></dd>
      </dl>
      <p>
        <CopyKeyButton value={props.privateKey} />{" "}
        <button type="button" onClick={download}>Download the key file</button>
      </p>
      <label className="choice">
        <input type="checkbox" checked={props.saved} onChange={(e) => props.onSaved(e.target.checked)}
          {...invalid(`${props.id}-saved`, props.error)} /> I have saved this key somewhere safe
      </label>
      {props.error && <p id={`${props.id}-saved-error`} className="field-error">{props.error}</p>}
    </div>
  );
}

/** Its visible text is its name, whichever state it is in (the shared CopyButton labels itself apart). */
function CopyKeyButton({ value }: { value: string }) {
  const [copied, setCopied] = useState<boolean | undefined>(undefined);
  const copy = () => navigator.clipboard.writeText(value).then(() => setCopied(true), () => setCopied(false));
  return (
    <button type="button" onClick={() => void copy()} data-copied={copied === true ? "" : undefined}>
      {copied === true ? "Copied the private key" : copied === false ? "Could not copy the private key" : "Copy the private key"}
    </button>
  );
}
