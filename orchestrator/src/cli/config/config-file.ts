// Reads a YAML or JSON config file (by extension: .yaml/.yml, else JSON) and validates it with
// zod. Every failure names the file and, for a schema failure, each offending field with what was
// wrong: it is the user's file to fix.
import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { UsageError } from "../commands/command.ts";

export async function loadConfigFile<T extends z.core.$ZodType>(file: string, schema: T): Promise<z.output<T>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    const why = (cause as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(cause);
    throw new UsageError(`cannot read ${file}: ${why}`, { showUsage: false, cause });
  }
  const yaml = /\.ya?ml$/i.test(file);
  let json: unknown;
  try {
    json = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (cause) {
    throw new UsageError(`${file} is not valid ${yaml ? "YAML" : "JSON"}: ${(cause as Error).message}`, { showUsage: false, cause });
  }
  const parsed = z.safeParse(schema, json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => `  ${fieldPath(issue.path)}: ${issue.message}`);
    throw new UsageError(`${file} is invalid:\n${fields.join("\n")}`, { showUsage: false, cause: parsed.error });
  }
  return parsed.data;
}

/** `provider.baseUrl`, `args[2]`: the field as the user would find it in the file. */
function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(the whole file)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");
}
