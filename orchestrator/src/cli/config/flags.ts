// Validates a command's parsed flags with zod, so a bad value is reported as `--flag: why`.
import { z } from "zod";
import { UsageError, type FlagValues } from "../commands/command.ts";

/** Flag names are kebab-case; schemas key them the same way. */
export function parseFlags<T extends z.ZodType>(schema: T, flags: FlagValues): z.output<T> {
  const parsed = schema.safeParse(flags);
  if (parsed.success) return parsed.data;
  const reasons = parsed.error.issues.map((issue) => {
    const flag = issue.path.length > 0 ? `--${issue.path.join(".")}` : "flags";
    return `${flag}: ${issue.message}`;
  });
  throw new UsageError(reasons.join("; "), { cause: parsed.error });
}

/** A flag holding a whole number in [min, max] (flags arrive as text). */
export function intFlag(min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, "a whole number")
    .transform(Number)
    .refine((n) => n >= min && n <= max, `between ${min} and ${max}`);
}
