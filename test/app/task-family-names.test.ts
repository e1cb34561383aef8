// The page names a task family only by a name that hashes to the on-chain value, from the names
// this browser submitted (localStorage, bounded, newest first) and the ones the operator lists.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { zeroHash } from "viem";
import { MAX_TASK_FAMILY_CHARS, taskFamilyId, taskFamilyName } from "@concord/agent-sdk/protocol";
import type { StorageLike } from "@concord/app/lib/dev-session.ts";
import {
  MAX_REMEMBERED_TASK_FAMILIES, rememberedTaskFamilyNames, rememberTaskFamilyName, taskFamilyLabel,
  taskFamilyNameResolver, taskFamilyNamesStorageKey,
} from "@concord/app/lib/task-family-names.ts";

function memoryStorage(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

const refusing: StorageLike = {
  getItem: () => { throw new Error("denied"); },
  setItem: () => { throw new Error("denied"); },
  removeItem: () => { throw new Error("denied"); },
};

describe("app/lib/task-family-names", () => {
  describe("taskFamilyNameResolver", () => {
    const arithmetic = taskFamilyId("arithmetic");
    it("finds the candidate whose keccak256 is the family", () => {
      assert.equal(taskFamilyNameResolver(["sequences", "arithmetic"])(arithmetic), "arithmetic");
      assert.equal(taskFamilyNameResolver(["arithmetic"])(arithmetic.toUpperCase().replace("0X", "0x") as `0x${string}`), "arithmetic", "hex case does not matter");
    });
    it("finds none among other names, or in an empty list", () => {
      assert.equal(taskFamilyNameResolver(["sequences", "word-problems"])(arithmetic), undefined);
      assert.equal(taskFamilyNameResolver([])(arithmetic), undefined);
    });
    it("takes names exactly as taskFamilyId hashes them: case and spaces count", () => {
      assert.equal(taskFamilyNameResolver(["Arithmetic", "ARITHMETIC", " arithmetic"])(arithmetic), undefined);
      assert.equal(taskFamilyNameResolver(["arithmetic", "Arithmetic"])(taskFamilyId("Arithmetic")), "Arithmetic");
    });
    it("never names family zero (no family), even given an empty name", () => {
      assert.equal(taskFamilyNameResolver(["", "arithmetic"])(zeroHash), undefined);
    });
    it("resolves many families against one hashed list", () => {
      const resolve = taskFamilyNameResolver(["a", "b", "c"]);
      assert.deepEqual(["c", "a", "z"].map((n) => resolve(taskFamilyId(n))), ["c", "a", undefined]);
    });
  });

  describe("taskFamilyLabel", () => {
    const family = taskFamilyId("arithmetic");
    it("shows a known name, the full hash on hover", () => {
      assert.deepEqual(taskFamilyLabel(family, "arithmetic"), { text: "arithmetic", title: `${family}: keccak256 of "arithmetic"` });
    });
    it("shows the short hash of an unknown one and says the page does not know its name", () => {
      const label = taskFamilyLabel(family, undefined);
      assert.equal(label.text, `${family.slice(0, 8)}…${family.slice(-4)}`);
      assert.match(label.title, new RegExp(`^${family}: .*this page does not know`));
    });
  });

  describe("remembered names", () => {
    it("keeps the names submitted, newest first, each once", () => {
      const storage = memoryStorage();
      assert.deepEqual(rememberedTaskFamilyNames(storage), []);
      for (const name of ["arithmetic", "sequences", "arithmetic", "Arithmetic"]) rememberTaskFamilyName(name, storage);
      assert.deepEqual(rememberedTaskFamilyNames(storage), ["Arithmetic", "arithmetic", "sequences"]);
      assert.deepEqual(JSON.parse(storage.data.get(taskFamilyNamesStorageKey)!), ["Arithmetic", "arithmetic", "sequences"]);
    });
    it(`keeps at most ${MAX_REMEMBERED_TASK_FAMILIES}, dropping the oldest`, () => {
      const storage = memoryStorage();
      for (let i = 0; i < MAX_REMEMBERED_TASK_FAMILIES + 5; i++) rememberTaskFamilyName(`family-${i}`, storage);
      const names = rememberedTaskFamilyNames(storage);
      assert.equal(names.length, MAX_REMEMBERED_TASK_FAMILIES);
      assert.equal(names[0], `family-${MAX_REMEMBERED_TASK_FAMILIES + 4}`);
      assert.equal(names.at(-1), "family-5");
      assert.equal(JSON.parse(storage.data.get(taskFamilyNamesStorageKey)!).length, MAX_REMEMBERED_TASK_FAMILIES);
    });
    it("remembers no name taskFamilyName refuses", () => {
      const storage = memoryStorage();
      for (const name of ["", "x".repeat(MAX_TASK_FAMILY_CHARS + 1)]) {
        assert.equal(taskFamilyName.safeParse(name).success, false);
        rememberTaskFamilyName(name, storage);
      }
      assert.equal(storage.data.has(taskFamilyNamesStorageKey), false);
      rememberTaskFamilyName("x".repeat(MAX_TASK_FAMILY_CHARS), storage);
      assert.deepEqual(rememberedTaskFamilyNames(storage), ["x".repeat(MAX_TASK_FAMILY_CHARS)]);
    });
    it("reads corrupt or foreign content as nothing remembered, and writes over it", () => {
      const storage = memoryStorage();
      for (const text of ["{", '{"a":1}', '"arithmetic"', "null"]) {
        storage.data.set(taskFamilyNamesStorageKey, text);
        assert.deepEqual(rememberedTaskFamilyNames(storage), [], text);
      }
      storage.data.set(taskFamilyNamesStorageKey, JSON.stringify(["ok", 7, "", null, "ok", "fine"]));
      assert.deepEqual(rememberedTaskFamilyNames(storage), ["ok", "fine"], "keeps the valid names of a tampered list, once");
      storage.data.set(taskFamilyNamesStorageKey, "{");
      rememberTaskFamilyName("arithmetic", storage);
      assert.deepEqual(rememberedTaskFamilyNames(storage), ["arithmetic"]);
    });
    it("never throws when storage is refused or absent", () => {
      assert.doesNotThrow(() => rememberTaskFamilyName("arithmetic", refusing));
      assert.deepEqual(rememberedTaskFamilyNames(refusing), []);
      assert.doesNotThrow(() => rememberTaskFamilyName("arithmetic", undefined));
      assert.deepEqual(rememberedTaskFamilyNames(undefined), []);
    });
  });
});
