// An agent by name and picture, linking to its page (lib/agent-identity.ts).
import type { AgentIdentity } from "../../lib/agent-identity.ts";
import { agentHref } from "../../lib/routes.ts";
import { Link } from "../Link.tsx";
import { Avatar } from "./Avatar.tsx";

export function AgentName({ agent, link = true }: { agent: AgentIdentity; link?: boolean }) {
  const content = <><Avatar seed={agent.avatarSeed} size={16} /> {agent.label}</>;
  return link
    ? <Link href={agentHref(agent.agentId)} className="agent-name" data-agent-id={agent.agentId.toString()}>{content}</Link>
    : <span className="agent-name" data-agent-id={agent.agentId.toString()}>{content}</span>;
}
