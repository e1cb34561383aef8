// A wagmi connector for one dev account whose key the page holds: transactions are signed here
// (a viem local account) and sent as eth_sendRawTransaction, so the dApp server's /rpc never has
// to forward eth_sendTransaction or any other method that spends the node's unlocked accounts.
// Typed data and messages (signTypedData, signMessage) are signed locally by the same account.
import { createWalletClient, getAddress, numberToHex, type EIP1193RequestFn, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createConnector, http } from "wagmi";

/**
 * `authorized`: the user connected this account before (remembered across a reload,
 * lib/dev-session.ts), so wagmi's reconnect may restore it without a click.
 */
export function devAccountConnector(privateKey: Hex, options: { readonly authorized?: boolean } = {}) {
  const account = privateKeyToAccount(privateKey);
  let connected = options.authorized ?? false;
  return createConnector<{ request: EIP1193RequestFn }>((config) => {
    const chain = config.chains[0];
    // The same transport the config reads through (the page's /rpc proxy).
    const transport = config.transports?.[chain.id] ?? http();
    const walletClient = createWalletClient({ account, chain, transport });
    // What wagmi reads through getProvider: the account and chain answered here, the rest relayed.
    const request = (async ({ method, params }: { method: string; params?: unknown }) => {
      if (method === "eth_accounts" || method === "eth_requestAccounts") return connected || method === "eth_requestAccounts" ? [account.address] : [];
      if (method === "eth_chainId") return numberToHex(chain.id);
      // Signatures (the job request, EIP-712) are made here too: the node's own signing methods
      // would sign with its unlocked accounts, and /rpc refuses them.
      if (method === "eth_signTypedData_v4") return account.signTypedData(JSON.parse((params as [string, string])[1]));
      if (method === "personal_sign") return account.signMessage({ message: { raw: (params as [Hex, string])[0] } });
      return walletClient.request({ method, params } as never);
    }) as EIP1193RequestFn;
    return {
      id: "concord-dev-account",
      name: "Dev account",
      type: "devAccount",
      async connect() {
        connected = true;
        return { accounts: [account.address] as never, chainId: chain.id };
      },
      async disconnect() {
        connected = false;
      },
      async getAccounts() {
        return connected ? [account.address] : [];
      },
      async getChainId() {
        return chain.id;
      },
      async getProvider() {
        return { request };
      },
      // wagmi's actions (writeContract among them) use this client, so they sign with the local account.
      async getClient() {
        return walletClient;
      },
      async isAuthorized() {
        return connected;
      },
      onAccountsChanged(accounts: string[]) {
        if (accounts.length === 0) this.onDisconnect();
        else config.emitter.emit("change", { accounts: accounts.map((a) => getAddress(a)) });
      },
      onChainChanged(chainId: string) {
        config.emitter.emit("change", { chainId: Number(chainId) });
      },
      onDisconnect() {
        connected = false;
        config.emitter.emit("disconnect");
      },
    };
  });
}
