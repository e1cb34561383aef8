// Reads the record of a deployment from a file: a deployment record itself (what `--deployment`
// takes and the dApp serves at /deployment.json), or a running stack's record, which holds one
// under `deployment` (`npm start` and `concord devnet` write it, and remove it when they stop).
import * as z from "zod/mini";
import { ConcordError, deploymentSchema, type Deployment } from "../protocol/index.ts";
import { readJsonFile } from "./read-json-file.ts";

export async function readDeploymentRecord(file: string): Promise<Deployment> {
  const json = await readJsonFile(file, {
    code: "DEPLOYMENT_NOT_RUNNING",
    message: `no deployment record at ${file}: a stack (npm start, concord devnet) writes its record while it runs and removes it when it stops, so none runs with this record; start one, or name the record of a deployment that is up`,
  });
  const inStack = typeof json === "object" && json !== null && "deployment" in json;
  const parsed = deploymentSchema.safeParse(inStack ? (json as { deployment: unknown }).deployment : json);
  if (!parsed.success) {
    throw new ConcordError("CONFIG_INVALID", `${file} holds no valid deployment record:\n${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  }
  return parsed.data;
}
