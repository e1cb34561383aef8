// The running stack's record: where NATS and the EVM listen, what is deployed, the NATS users and
// which process keeps it all up. Every launcher (`npm start` = `concord start`, `concord devnet`,
// the tests and benches that spawn `concord` processes) writes it the same way; every command
// reads it as its default endpoints, so it is validated on read and a dead stack's record is
// refused rather than tried.
import { readFileSync, rmSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ConcordError, type Deployment, deploymentSchema } from "@concord/agent-sdk/protocol";
import { readJsonFile } from "@concord/agent-sdk/chain";
import type { NatsUsers } from "./nats-server.ts";
import { writePrivateFile } from "../files/private-file.ts";

const projectRoot = path.resolve(import.meta.dirname, "../../..");

/** Where the record lives unless `--record FILE` or CONCORD_RECORD says otherwise. */
export const DEFAULT_DEVNET_RECORD = path.join(projectRoot, ".concord/devnet/devnet.json");
/** Names another default record file (tests, or two stacks side by side). */
export const RECORD_ENV = "CONCORD_RECORD";

export function defaultDevnetRecord(): string {
  return process.env[RECORD_ENV] || DEFAULT_DEVNET_RECORD;
}

/** A JWT user (operator mode: the stacks `npm start` and `concord devnet --agents` run), or a password user. */
const natsAuth = z.union([
  z.object({ jwt: z.string().min(1), seed: z.string().regex(/^SU[A-Z2-7]+$/, "a NATS user nkey seed") }).strict(),
  z.object({ user: z.string().min(1), pass: z.string().min(1) }).strict(),
]);

export const devnetRecordSchema = z.object({
  /** The launcher's process id: the stack lives as long as it does. */
  pid: z.number().int().positive(),
  /** What started the stack (`concord start`, `concord devnet`), for messages. */
  startedBy: z.string().min(1),
  natsUrl: z.string().regex(/^nats:\/\//, "a nats:// URL"),
  /**
   * When the stack's NATS has users (`npm start`, `concord devnet --agents`): the unrestricted
   * admin (orchestrators), the command line's user (submit, session), the dApp's read-only viewer,
   * the relayer (`concord relay`: relayed ballots, read only) and one restricted user per agent. Local development only: the record is written readable by
   * its owner alone.
   */
  natsUsers: z.object({ admin: natsAuth, cli: natsAuth, viewer: natsAuth, relayer: natsAuth, agents: z.record(z.string(), natsAuth) }).optional(),
  websocketUrl: z.string().regex(/^wss?:\/\//, "a ws:// URL"),
  rpcUrl: z.string().url(),
  deployment: deploymentSchema,
  /** Where the launcher serves the dApp, when it does. */
  dappUrl: z.string().url().optional(),
  /**
   * The HTTP server whose POST /api/agents/join issues NATS credentials to agents registered on
   * chain (`concord agent join`), when the stack's NATS runs in operator mode.
   */
  apiUrl: z.string().url().optional(),
});

export type DevnetRecord = z.infer<typeof devnetRecordSchema>;

/** What a record is made of: a started devnet (local-stack.ts's Devnet fits). */
export interface RecordedStack {
  nats: { url: string; websocketUrl: string };
  evm: { rpcUrl: string };
  deployment: Deployment;
  natsUsers?: NatsUsers;
}

/** The record of a stack this process keeps up. */
export function devnetRecordOf(stack: RecordedStack, startedBy: string, extra: { dappUrl?: string; apiUrl?: string } = {}): DevnetRecord {
  return {
    pid: process.pid, startedBy, natsUrl: stack.nats.url, natsUsers: stack.natsUsers,
    websocketUrl: stack.nats.websocketUrl, rpcUrl: stack.evm.rpcUrl, deployment: stack.deployment, ...extra,
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Refuses to start a second stack over the record of one that still runs. Call before starting. */
export async function assertNoLiveRecord(file: string): Promise<void> {
  const existing = await readFile(file, "utf8").then((text) => devnetRecordSchema.safeParse(JSON.parse(text)).data, () => undefined);
  if (existing && existing.pid !== process.pid && isAlive(existing.pid)) {
    throw new ConcordError(
      "CONFIG_INVALID",
      `a stack started by \`${existing.startedBy}\` (pid ${existing.pid}) is running with its record at ${file}: ` +
        `stop it first, or give this one another record (--record FILE or ${RECORD_ENV})`,
    );
  }
}

export async function writeDevnetRecord(file: string, record: DevnetRecord): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writePrivateFile(file, `${JSON.stringify(devnetRecordSchema.parse(record), null, 2)}\n`);
}

/** Removes the record if this process wrote it (another stack may have taken the file since). */
export async function removeDevnetRecord(file: string): Promise<void> {
  const owner = await readFile(file, "utf8").then((text) => (JSON.parse(text) as { pid?: unknown }).pid, () => undefined);
  if (owner === undefined || owner === process.pid) await rm(file, { force: true });
}

/**
 * The same, synchronously, for a process's "exit" hook: however the launcher ends (an error that
 * escaped, process.exit from elsewhere), its record does not outlive it.
 */
export function removeDevnetRecordSync(file: string): void {
  try {
    if ((JSON.parse(readFileSync(file, "utf8")) as { pid?: unknown }).pid === process.pid) rmSync(file, { force: true });
  } catch {
    // No record, or not ours to remove.
  }
}

/**
 * Reads and validates a record; the error names the file and, for a bad record, the field. A
 * record whose launcher is gone (killed before it could remove it) is refused as stale.
 */
export async function readDevnetRecord(file: string): Promise<DevnetRecord> {
  const json = await readJsonFile(file, {
    code: "CONFIG_INVALID",
    message: `no devnet record at ${file}: start a stack with \`npm start\` or \`concord devnet\`, or pass --nats, --rpc and --deployment`,
  });
  const parsed = devnetRecordSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConcordError("CONFIG_INVALID", `${file} is not a devnet record:\n${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  }
  const record = parsed.data;
  if (!isAlive(record.pid)) {
    throw new ConcordError(
      "CONFIG_INVALID",
      `the devnet record at ${file} is stale: \`${record.startedBy}\` (pid ${record.pid}) is no longer running; ` +
        "start a stack again with `npm start` or `concord devnet`",
    );
  }
  return record;
}
