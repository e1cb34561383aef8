// The running devnet's record: where NATS and the EVM listen and what is deployed. `concord devnet`
// writes it; every other command reads it as its default endpoints, so it is validated on read.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ConcordError, deploymentSchema } from "@concord/agent-sdk/protocol";

const projectRoot = path.resolve(import.meta.dirname, "../../..");

/** Where `concord devnet` writes its record unless told otherwise (`--record FILE`). */
export const DEFAULT_DEVNET_RECORD = path.join(projectRoot, ".concord/devnet/devnet.json");

const natsAuth = z.object({ user: z.string().min(1), pass: z.string().min(1) });

export const devnetRecordSchema = z.object({
  natsUrl: z.string().regex(/^nats:\/\//, "a nats:// URL"),
  /**
   * When the devnet was started with `--agents`: NATS credentials for the unrestricted admin
   * (orchestrator, submitters, tools) and one restricted user per agent. Local development only:
   * the record is written readable by its owner alone.
   */
  natsUsers: z.object({ admin: natsAuth, agents: z.record(z.string(), natsAuth) }).optional(),
  websocketUrl: z.string().regex(/^wss?:\/\//, "a ws:// URL"),
  rpcUrl: z.string().url(),
  deployment: deploymentSchema,
});

export type DevnetRecord = z.infer<typeof devnetRecordSchema>;

export async function writeDevnetRecord(file: string, record: DevnetRecord): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(devnetRecordSchema.parse(record), null, 2)}\n`, { mode: 0o600 });
}

export async function removeDevnetRecord(file: string): Promise<void> {
  await rm(file, { force: true });
}

/** Reads and validates a record; the error names the file and, for a bad record, the field. */
export async function readDevnetRecord(file: string): Promise<DevnetRecord> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === "ENOENT";
    throw new ConcordError(
      "CONFIG_INVALID",
      missing ? `no devnet record at ${file}: start one with \`concord devnet\`, or pass --nats, --rpc and --deployment` : `cannot read ${file}: ${String(cause)}`,
      { cause },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ConcordError("CONFIG_INVALID", `${file} is not JSON: ${(cause as Error).message}`, { cause });
  }
  const parsed = devnetRecordSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConcordError("CONFIG_INVALID", `${file} is not a devnet record:\n${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  }
  return parsed.data;
}
