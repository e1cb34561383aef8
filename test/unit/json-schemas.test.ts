// docs/schemas/ is generated from the zod schemas: the committed files must be what the generator
// writes now, and a real message of each kind must fit its JSON Schema as well as its zod schema.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { jsonSchemaOf, renderJsonSchemas, WIRE_MESSAGES } from "../../scripts/json-schemas/wire-messages.ts";
import { checkJsonSchema } from "../support/json-schema-check.ts";
import { wireExamples } from "../support/wire-examples.ts";

const dir = path.resolve(import.meta.dirname, "../../docs/schemas");

describe("docs/schemas", () => {
  it("holds exactly the files the generator writes, byte for byte (npm run gen:schemas)", () => {
    const expected = renderJsonSchemas();
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith(".json")).sort(), [...expected.keys()].sort());
    for (const [file, text] of expected) assert.equal(readFileSync(path.join(dir, file), "utf8"), text, `${file} is stale: run npm run gen:schemas`);
  });

  describe("a real message of each kind", async () => {
    const examples = await wireExamples();
    it("has one example per schema", () => {
      assert.deepEqual(Object.keys(examples).sort(), WIRE_MESSAGES.map((m) => m.name).sort());
    });
    for (const message of WIRE_MESSAGES) {
      it(`${message.name}: fits its JSON Schema, and zod takes what went through JSON unchanged`, () => {
        const example = examples[message.name];
        const wire = JSON.parse(JSON.stringify(example)) as unknown;
        assert.deepEqual(checkJsonSchema(jsonSchemaOf(message), wire), []);
        const parsed = z.parse(message.schema, wire);
        assert.deepEqual(JSON.parse(JSON.stringify(parsed)), wire);
      });
    }
  });

  it("states the encodings zod checks with code: decimal ids, 32-byte hex, signatures, addresses", () => {
    const result = jsonSchemaOf(WIRE_MESSAGES.find((m) => m.name === "failed-result")!) as { properties: Record<string, { pattern?: string }> };
    assert.equal(result.properties.sessionId!.pattern, "^[1-9][0-9]{0,77}$");
    assert.equal(result.properties.decline!.pattern, "^0x[0-9a-fA-F]{130}$");
    const beat = jsonSchemaOf(WIRE_MESSAGES.find((m) => m.name === "heartbeat")!) as { properties: Record<string, { pattern?: string }> };
    assert.equal(beat.properties.signer!.pattern, "^0x[0-9a-fA-F]{40}$");
  });

  it("the checker refuses a message that breaks its schema (a bare-number session id, a missing field)", () => {
    const failed = jsonSchemaOf(WIRE_MESSAGES.find((m) => m.name === "failed-result")!);
    assert.notDeepEqual(checkJsonSchema(failed, { sessionId: 7, round: 1, agent: "ada", reason: "x" }), []);
    assert.notDeepEqual(checkJsonSchema(failed, { sessionId: "07", round: 1, agent: "ada", reason: "x" }), []);
    assert.notDeepEqual(checkJsonSchema(failed, { sessionId: "7", round: 1, agent: "ada" }), []);
  });
});
