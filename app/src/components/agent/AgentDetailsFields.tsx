// The name, model id and description of an agent (lib/agent-metadata.ts): the name goes into the
// inline metadata so the agent shows by it everywhere; the model id is the registry's own field.
import type { ReactElement } from "react";
import type { AgentDetails, AgentDetailsErrors } from "../../lib/agent-metadata.ts";
import { MAX_AGENT_NAME } from "../../lib/agent-metadata.ts";
import { invalid } from "./SplitEditor.tsx";

export function AgentDetailsFields(props: { id: string; details: AgentDetails; onChange: (d: AgentDetails) => void; errors: AgentDetailsErrors; disabled?: boolean }) {
  const { id, details, errors } = props;
  const set = (field: keyof AgentDetails) => (e: { target: { value: string } }) => props.onChange({ ...details, [field]: e.target.value });
  const field = (name: keyof AgentDetails, label: string, hint: string, input: (attrs: object) => ReactElement) => (
    <div>
      <label htmlFor={`${id}-${name}`}>{label}</label>
      {input({ id: `${id}-${name}`, value: details[name], onChange: set(name), disabled: props.disabled, ...invalid(`${id}-${name}`, errors[name]) })}
      {errors[name] ? <p id={`${id}-${name}-error`} className="field-error">{errors[name]}</p> : <p className="hint">{hint}</p>}
    </div>
  );
  return (
    <>
      {field("name", "Name", `Shown for the agent across the dApp (up to ${MAX_AGENT_NAME} characters), kept in its metadata on the chain.`,
        (a) => <input type="text" autoComplete="off" maxLength={MAX_AGENT_NAME + 20} {...a} />)}
      {field("modelId", "Model id", "The model it runs, for example openai/gpt-4o or simulated/echo. The signing key's proof names it.",
        (a) => <input type="text" autoComplete="off" spellCheck={false} {...a} />)}
      {field("description", "Description (optional)", "A line about the agent, kept in its metadata.",
        (a) => <textarea rows={2} {...a} />)}
    </>
  );
}
