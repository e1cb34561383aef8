// What an agent's page hands its operator's controls (AgentOperatorControls, AgentAdminForms).
import type { AgentRecord } from "../../lib/agents.ts";
import type { SplitValue } from "../../lib/split-form.ts";

export type OperatorProps = { agentId: bigint; record: AgentRecord; split: SplitValue | undefined; name: string | undefined; onChanged: () => unknown };
