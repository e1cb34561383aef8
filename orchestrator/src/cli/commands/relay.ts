// `concord relay --session ID`: runs the SDK's relayer for one session: as soon as every agent's
// signed ballot of a round is on the relay subject, records that complete round from this
// command's own account, whatever the orchestrator does. One line per round.
import { z } from "zod";
import { privateKeyToAccount } from "viem/accounts";
import { closeConnection, startRelayer, type RelayResult } from "@concord/agent-sdk/agent";
import { decimalIdWith, MAX_ROUNDS } from "@concord/agent-sdk/protocol";
import { ROLES } from "../../devnet/local-stack.ts";
import { connectEvm, connectNats, endpointHelp, endpointOptions, resolveEndpoints } from "../config/endpoints.ts";
import { intFlag, parseFlags } from "../config/flags.ts";
import { accountFromEnv, devnetKey } from "../config/keys.ts";
import { untilSignal, type Command } from "./command.ts";

const KEY_ENV = "CONCORD_RELAYER_KEY";

const flagsSchema = z.object({
  session: decimalIdWith("a positive whole number"),
  "key-env": z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name").default(KEY_ENV),
  "exit-after": intFlag(1, MAX_ROUNDS).optional(),
});

export const relayCommand: Command = {
  name: "relay",
  summary: "record a session's rounds that every agent signed, from your own account",
  help: `usage: concord relay --session ID [--key-env VAR] [--exit-after N]
                     [--record FILE | --nats URL --deployment FILE [--rpc URL]]

Follows the session's relayed ballots (each agent publishes its signed ballot once the round's
evaluate deadline has passed) and, as soon as it holds every agent's ballot of a round over the
same proposals, records that complete round on chain unless the chain already has it. Anyone may
record such a round; the orchestrator is needed only for a round with absent agents. Prints one
line per round: recorded, already complete, kept partial, or failed (with the contract's error).

options:
  --session ID         the session to relay
  --key-env VAR        variable holding the paying account's 0x key (default ${KEY_ENV};
                       on the devnet, when unset, devnet account ${ROLES.relayer})
  --exit-after N       exit once N rounds have a result (default: run until Ctrl-C)
${endpointHelp(23)}

example:
  concord relay --session 1`,
  options: { ...endpointOptions, session: { type: "string" }, "key-env": { type: "string" }, "exit-after": { type: "string" } },
  positionals: { min: 0, max: 0 },
  async run(rawFlags) {
    const flags = parseFlags(flagsSchema, rawFlags);
    const endpoints = await resolveEndpoints(rawFlags, { nats: true });
    // A --key-env given is a key asked for: unset, it is an error, never the devnet's account.
    const account = rawFlags["key-env"] !== undefined || process.env[flags["key-env"]] || !endpoints.onDevnet
      ? accountFromEnv(flags["key-env"], "relayer key")
      : privateKeyToAccount(devnetKey(ROLES.relayer));
    await connectEvm(endpoints); // fails early, and clearly, on an unreachable node or another chain
    const nc = await connectNats(endpoints, `concord-relay-${flags.session}`, "relayer");
    const { deployment } = endpoints;
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    let results = 0;
    const relayer = await startRelayer({
      nats: nc, sessionId: BigInt(flags.session),
      sessions: { chainId: deployment.chainId, address: deployment.contracts.Sessions },
      chain: { rpcUrl: endpoints.rpcUrl, account, fromBlock: BigInt(deployment.deployedAtBlock) },
      onResult: (result) => {
        console.log(describe(result));
        if (++results === flags["exit-after"]) done();
      },
    });
    await relayer.ready;
    console.log(`relaying session ${flags.session} from ${account.address} (Ctrl-C to stop)`);
    await Promise.race([untilSignal(), finished]);
    await relayer.stop();
    await closeConnection(nc);
    return 0;
  },
};

function describe(result: RelayResult): string {
  switch (result.status) {
    case "recorded":
      return `round ${result.round}: recorded complete${result.replaced ? ", replacing a partial round" : ""} (tx ${result.txHash})`;
    case "already-complete":
      return `round ${result.round}: already recorded complete${result.lostRace ? " while this relayer was sending" : ""} (tx ${result.txHash})`;
    case "partial-kept":
      return `round ${result.round}: the chain keeps it with agents ${result.absent.join(", ")} absent: ${result.reason}`;
    case "failed":
      return `round ${result.round}: not recorded: ${result.reason}`;
  }
}
