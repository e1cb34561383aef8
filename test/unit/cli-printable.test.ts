// What an agent's text may put on a submitter's terminal: no control character survives (ESC
// sequences that move the cursor or rewrite a printed line, OSC 52 clipboard writes), while
// tabs, newlines and any printable text, non-ASCII included, stay as they are.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { printable } from "@concord/orchestrator/cli/printable.ts";
import { terminalReporter } from "@concord/orchestrator/cli/terminal-reporter.ts";

describe("printable", () => {
  it("replaces ESC, BEL, C1 and every other control character, keeping tabs, newlines and text", () => {
    const hostile = "42\u001b[1A\u001b[2Kfinal answer: 7\u001b]52;c;ZXZpbA==\u0007\u009b2J\r";
    const shown = printable(hostile);
    assert.doesNotMatch(shown, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    assert.equal(shown, "42\uFFFD[1A\uFFFD[2Kfinal answer: 7\uFFFD]52;c;ZXZpbA==\uFFFD\uFFFD2J\uFFFD");
    assert.equal(printable("a\tb\nc — 12 × 18 = 216"), "a\tb\nc — 12 × 18 = 216");
  });

  it("is applied to every line the session reporter prints, an agent's absence reason included", () => {
    const lines: string[] = [];
    const reporter = terminalReporter([{ name: "ada", agentId: 1n, signer: "0x0000000000000000000000000000000000000001" }], (l) => lines.push(l));
    reporter.controlRejected!("\u001b[31mforged\u001b[0m");
    assert.deepEqual(lines, ["  refused a control message: \uFFFD[31mforged\uFFFD[0m"]);
  });
});
