// A small JSON Schema (2020-12) checker for the keywords docs/schemas/ uses, so tests can hold a
// real message against a generated schema without a validator package. Returns the problems found
// (empty: the value fits); an unknown keyword is a problem too, so the checker cannot silently
// skip what a new schema starts to use.
type Schema = Record<string, unknown>;

const ANNOTATIONS = new Set(["$schema", "$id", "title", "description", "default", "format", "propertyNames"]);
const CHECKED = new Set([
  "type", "const", "enum", "pattern", "minimum", "maximum", "exclusiveMinimum", "minLength", "maxLength",
  "minItems", "maxItems", "items", "properties", "required", "additionalProperties", "oneOf", "anyOf",
]);

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

export function checkJsonSchema(schema: Schema, value: unknown, at = "$"): string[] {
  const problems: string[] = [];
  const fail = (what: string) => problems.push(`${at}: ${what}`);
  for (const key of Object.keys(schema)) if (!ANNOTATIONS.has(key) && !CHECKED.has(key)) fail(`unsupported keyword ${key}`);
  const type = schema.type as string | undefined;
  const actual = typeOf(value);
  if (type && !(actual === type || (type === "number" && actual === "integer"))) return [...problems, `${at}: ${actual}, expected ${type}`];
  if ("const" in schema && value !== schema.const) fail(`${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`);
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) fail(`${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`);
  if (typeof value === "string") {
    if (schema.pattern && !new RegExp(schema.pattern as string, "u").test(value)) fail(`${JSON.stringify(value)} does not match ${schema.pattern}`);
    if (typeof schema.minLength === "number" && value.length < schema.minLength) fail(`shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === "number" && value.length > schema.maxLength) fail(`longer than ${schema.maxLength}`);
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) fail(`below ${schema.minimum}`);
    if (typeof schema.maximum === "number" && value > schema.maximum) fail(`above ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === "number" && value <= schema.exclusiveMinimum) fail(`not above ${schema.exclusiveMinimum}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === "number" && value.length < schema.minItems) fail(`fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems) fail(`more than ${schema.maxItems} items`);
    if (schema.items) value.forEach((item, i) => problems.push(...checkJsonSchema(schema.items as Schema, item, `${at}[${i}]`)));
  }
  if (actual === "object") {
    const record = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in record)) fail(`missing required ${key}`);
    for (const [key, item] of Object.entries(record)) {
      const sub = properties[key] ?? (typeof schema.additionalProperties === "object" ? (schema.additionalProperties as Schema) : undefined);
      if (sub) problems.push(...checkJsonSchema(sub, item, `${at}.${key}`));
      else if (schema.properties) fail(`property ${key} is not in the schema`);
    }
  }
  const fits = (options: unknown) => (options as Schema[]).filter((option) => checkJsonSchema(option, value, at).length === 0).length;
  if (schema.oneOf && fits(schema.oneOf) !== 1) fail(`fits ${fits(schema.oneOf)} of oneOf's options, not exactly one`);
  if (schema.anyOf && fits(schema.anyOf) === 0) fail("fits none of anyOf's options");
  return problems;
}
