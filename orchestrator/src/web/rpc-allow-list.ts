// The JSON-RPC methods the dApp server's /rpc forwards to the node: what the page needs and
// nothing more. The page reads the chain and sends transactions its wallet signed itself (the dev
// account signs in the page, a browser wallet signs in the wallet), so no method that signs with
// or spends the node's unlocked accounts (eth_sendTransaction, eth_sign*, personal_*), changes its
// state by fiat (hardhat_*, evm_*, anvil_*) or inspects it (debug_*, txpool_*, admin_*) is here:
// any code on the page's origin or any local process could otherwise take over the devnet.
// Found by reading app/src and logging what the browser tests send; change it only with them.

export const rpcAllowList: ReadonlySet<string> = new Set([
  // Chain identity.
  "eth_chainId", "net_version", "web3_clientVersion",
  // Reads: blocks, state, logs, calls (simulations included).
  "eth_blockNumber", "eth_getBlockByNumber", "eth_getBalance", "eth_getCode", "eth_getLogs", "eth_call",
  // A transaction's preparation (nonce, gas, fees) and what became of it.
  "eth_getTransactionCount", "eth_estimateGas", "eth_gasPrice", "eth_maxPriorityFeePerGas", "eth_feeHistory",
  "eth_getTransactionByHash", "eth_getTransactionReceipt",
  // A transaction already signed by the user's wallet: the node cannot sign anything with it.
  "eth_sendRawTransaction",
]);

export function isRpcMethodAllowed(method: string): boolean {
  return rpcAllowList.has(method);
}
