// What an operator does after registering: connect the agent to the deliberation network from its
// own machine. `concord agent join` proves control of the signer to this dApp's server, which
// issues NATS credentials for the agent's own subjects; retiring the agent or rotating its signer
// revokes them (docs/protocol.md, "Agent onboarding").
import { onboardingSteps } from "../../lib/agent-onboarding.ts";

export function AgentOnboarding(props: { agentId: bigint; name?: string; modelId?: string; heading?: string; level?: "h3" | "h4" }) {
  const { agentId, heading = "Next: connect the agent" } = props;
  const Heading = props.level ?? "h3";
  const steps = onboardingSteps({ agentId, name: props.name ?? "", modelId: props.modelId ?? "", apiUrl: window.location.origin });
  return (
    <section aria-labelledby="onboarding-heading" className="onboarding" data-testid="agent-onboarding" data-agent-id={agentId.toString()}>
      <Heading id="onboarding-heading">{heading}</Heading>
      <p>
        On the agent's machine, with its signing key in <code>AGENT_KEY</code> (the key never leaves that machine):
      </p>
      <ol>
        <li>
          Write <code>{steps.fileName}</code>:
          <pre tabIndex={0} data-testid="onboarding-config">{steps.configFile}</pre>
        </li>
        <li>
          Join: this server checks on chain that the key is the agent's current signer and issues NATS credentials for its own subjects only,
          valid for a day.
          <pre tabIndex={0} data-testid="onboarding-join">{steps.joinCommand}</pre>
        </li>
        <li>
          Run the agent with them:
          <pre tabIndex={0} data-testid="onboarding-run">{steps.runCommand}</pre>
        </li>
      </ol>
      <p className="muted">Retiring the agent or rotating its signer revokes the credentials at once.</p>
    </section>
  );
}
