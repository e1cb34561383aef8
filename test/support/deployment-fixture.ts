// A devnet deployment record for tests that read or serve one without deploying anything.
import type { Deployment } from "@concord/agent-sdk/protocol";

export const devnetDeployment: Deployment = {
  chainId: 31337,
  rpcUrl: "http://127.0.0.1:8545",
  deployedAtBlock: "1",
  contracts: {
    AgentRegistry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    Sessions: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
  },
};
