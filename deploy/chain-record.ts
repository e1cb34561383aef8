// The deployment record of a chain other than the devnet: deployments/<chainId>.json, one per
// chain id, validated against the protocol's schema on read.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { ConcordError, deploymentSchema, type Deployment } from "@concord/agent-sdk/protocol";

/** Where `concord deploy` writes records unless CONCORD_DEPLOYMENTS_DIR says otherwise. */
export const DEFAULT_DEPLOYMENTS_DIR = path.resolve(import.meta.dirname, "../deployments");
export const DEPLOYMENTS_DIR_ENV = "CONCORD_DEPLOYMENTS_DIR";

export function deploymentsDir(): string {
  return process.env[DEPLOYMENTS_DIR_ENV] || DEFAULT_DEPLOYMENTS_DIR;
}

export function chainRecordPath(chainId: number, dir = deploymentsDir()): string {
  return path.join(dir, `${chainId}.json`);
}

/** The record for `chainId`, or undefined when there is none; a record of another chain is refused. */
export async function readChainRecord(chainId: number, file = chainRecordPath(chainId)): Promise<Deployment | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ConcordError("CONFIG_INVALID", `cannot read ${file}: ${String(cause)}`, { cause });
  }
  const parsed = deploymentSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new ConcordError("CONFIG_INVALID", `${file} is not a deployment record`, { cause: parsed.error });
  if (parsed.data.chainId !== chainId) {
    throw new ConcordError("CONFIG_INVALID", `${file} is a deployment on chain ${parsed.data.chainId}, but the node is chain ${chainId}`);
  }
  return parsed.data;
}

export async function writeChainRecord(deployment: Deployment, dir = deploymentsDir()): Promise<string> {
  const file = chainRecordPath(deployment.chainId, dir);
  await mkdir(dir, { recursive: true });
  await writeFile(file, `${JSON.stringify(deploymentSchema.parse(deployment), null, 2)}\n`);
  return file;
}
