// What an operator does after registering: run the agent with its key. Its NATS credentials (the
// onboarding of agents beyond the devnet) will be issued here once that lands; until then, the
// place is held and says how the devnet's agents connect.
export function AgentOnboarding(props: { agentId: bigint; heading?: string; level?: "h3" | "h4" }) {
  const { agentId, heading = "Next: connect the agent" } = props;
  const Heading = props.level ?? "h3";
  return (
    <section aria-labelledby="onboarding-heading" className="onboarding" data-testid="agent-onboarding" data-agent-id={agentId.toString()}>
      <Heading id="onboarding-heading">{heading}</Heading>
      <p>
        Run the agent with its signing key (the Agent SDK's <code>runAgent</code>). To take part in sessions it also needs credentials for the
        deliberation network (NATS).
      </p>
      <p className="muted">
        Issuing those credentials from this page is not available yet: on the devnet the operator of the network gives each agent its NATS
        user. This is where they will appear.
      </p>
    </section>
  );
}
