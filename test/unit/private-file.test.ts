// A file only its owner may read: 0600 when it is new and when it was there with looser modes
// before, and never written through a symlink planted at its path.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { writePrivateFile } from "@concord/orchestrator/files/private-file.ts";

describe("writePrivateFile", () => {
  it("leaves the file 0600, new or already there readable by others, and refuses a symlink at the path", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "concord-private-"));
    try {
      const fresh = path.join(dir, "fresh.creds");
      await writePrivateFile(fresh, "seed 1");
      assert.equal((await stat(fresh)).mode & 0o777, 0o600);
      const loose = path.join(dir, "loose.creds");
      await writeFile(loose, "old", { mode: 0o644 });
      await writePrivateFile(loose, "seed 2");
      assert.equal((await stat(loose)).mode & 0o777, 0o600);
      assert.equal(await readFile(loose, "utf8"), "seed 2");
      const target = path.join(dir, "elsewhere");
      await writeFile(target, "untouched", { mode: 0o644 });
      const planted = path.join(dir, "planted.creds");
      await symlink(target, planted);
      await assert.rejects(writePrivateFile(planted, "seed 3"), (e: NodeJS.ErrnoException) => e.code === "ELOOP");
      assert.equal(await readFile(target, "utf8"), "untouched");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
