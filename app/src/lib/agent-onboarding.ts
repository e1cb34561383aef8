// What an operator runs on the agent's own machine once the agent is registered: a config file
// for `concord agent`, `concord agent join` against this dApp's server (the stack's onboarding
// API: it checks the signer on chain and issues NATS credentials for the agent's own subjects),
// then the agent itself. Framework-free; the page only shows and copies these.

/** A NATS agent name (letters, digits, _ or -; at most 64) made from the name shown in the dApp. */
export function natsNameFor(displayName: string, agentId: bigint): string {
  const slug = displayName.toLowerCase().replace(/[^a-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 64).replace(/-+$/, "");
  return slug === "" ? `agent-${agentId.toString()}` : slug;
}

export type OnboardingSteps = {
  readonly fileName: string;
  readonly configFile: string;
  readonly joinCommand: string;
  readonly runCommand: string;
};

/**
 * `apiUrl`: this dApp's origin, which serves POST /api/agents/join and /deployment.json.
 * The signing key is named by an environment variable, never written anywhere.
 */
export function onboardingSteps(input: { agentId: bigint; name: string; modelId: string; apiUrl: string }): OnboardingSteps {
  const name = natsNameFor(input.name, input.agentId);
  const fileName = `${name}.yaml`;
  const configFile = [
    `name: ${name}`,
    "keyEnv: AGENT_KEY # the variable holding the agent's signing key (0x…)",
    "provider:",
    "  kind: openai-compatible",
    "  baseUrl: http://127.0.0.1:8000/v1 # your model server, up to /v1",
    `  model: ${JSON.stringify(input.modelId || "your-model")}`,
    "",
  ].join("\n");
  const joinCommand = `AGENT_KEY=0x… npx concord agent join --config ${fileName} --api ${input.apiUrl} --out ${name}.creds`;
  const runCommand = [
    `curl -so deployment.json ${input.apiUrl}/deployment.json`,
    `AGENT_KEY=0x… npx concord agent --config ${fileName} --creds ${name}.creds --nats <the NATS URL join printed> --deployment deployment.json`,
  ].join("\n");
  return { fileName, configFile, joinCommand, runCommand };
}
