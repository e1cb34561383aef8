// The scale bench pins processes to CPUs so CPU time is compared on one CPU: the helpers must
// really move a process (read back from /proc) and build the pinned command line.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { once } from "node:events";
import { ALL_CPUS, canPin, pinnedCommand, pinProcesses } from "@concord/bench/cpu-pinning.ts";

const allowedCpus = (pid: number) => /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];

describe("bench/cpu-pinning", () => {
  it("runs a command under taskset only when CPUs are named", () => {
    assert.deepEqual(pinnedCommand("node", ["a.ts", "--x"]), ["node", ["a.ts", "--x"]]);
    assert.deepEqual(pinnedCommand("node", ["a.ts"], "1"), ["taskset", ["-c", "1", "node", "a.ts"]]);
  });

  it("moves a running process to one CPU and back to all", { skip: !canPin() && "needs taskset and two CPUs" }, async () => {
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    try {
      pinProcesses([child.pid!], "1");
      assert.equal(allowedCpus(child.pid!), "1");
      pinProcesses([child.pid!], ALL_CPUS);
      assert.equal(allowedCpus(child.pid!), ALL_CPUS);
    } finally {
      child.kill();
      await once(child, "exit");
    }
  });

  it("starts a pinned command on the CPU it names", { skip: !canPin() && "needs taskset and two CPUs" }, async () => {
    // The command reports the CPUs it may run on, read from its own /proc status.
    const report = `process.stdout.write(/Cpus_allowed_list:\\s*(\\S+)/.exec(require("node:fs").readFileSync("/proc/self/status", "utf8"))[1])`;
    const [command, args] = pinnedCommand(process.execPath, ["-e", report], "0");
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk));
    const [code] = await once(child, "close"); // after its output has been read
    assert.equal(code, 0);
    assert.equal(out, "0");
  });

  it("leaves out a process that is gone instead of failing", () => {
    assert.doesNotThrow(() => pinProcesses([2 ** 22 + 12345], "0"));
  });
});
