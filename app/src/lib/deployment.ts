// Loads the deployment record the dApp server publishes at /deployment.json and validates it
// against the one schema in sdk/protocol (the edge: after this the record is trusted).
import { ConcordError } from "../../../sdk/protocol/errors.ts";
import { deploymentSchema, type Deployment } from "../../../sdk/protocol/deployment.ts";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export async function loadDeployment(fetchFn: FetchLike, url: string): Promise<Deployment> {
  let response: Response;
  try {
    response = await fetchFn(url, { headers: { accept: "application/json" } });
  } catch (cause) {
    throw new ConcordError("CONFIG_INVALID", `could not fetch ${url}`, { cause });
  }
  if (!response.ok) {
    throw new ConcordError("CONFIG_INVALID", `${url} answered HTTP ${response.status}`);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (cause) {
    throw new ConcordError("CONFIG_INVALID", `${url} is not JSON`, { cause });
  }
  const parsed = deploymentSchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new ConcordError("CONFIG_INVALID", `${url} is not a valid deployment record: ${issues}`, { cause: parsed.error });
  }
  return parsed.data;
}
