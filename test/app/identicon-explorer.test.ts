import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { identicon } from "@concord/app/lib/identicon.ts";
import { explorerFor } from "@concord/app/lib/explorer.ts";
import { parseRoute } from "@concord/app/lib/routes.ts";

const alice = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const bob = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const hash = `0x${"ab".repeat(32)}` as const;

describe("app/lib/identicon", () => {
  it("draws the same mirrored grid for an address whatever its case, and another for another address", () => {
    const a = identicon(alice);
    assert.deepEqual(identicon(alice.toLowerCase()), a);
    assert.notDeepEqual(identicon(bob), a);
    assert.equal(a.cells.length, 64);
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 4; x++) assert.equal(a.cells[y * 8 + x], a.cells[y * 8 + 7 - x], "left and right mirror");
    }
    assert.ok(a.cells.every((c) => c === 0 || c === 1 || c === 2));
    assert.match(a.color, /^hsl\(\d+ \d+% \d+%\)$/);
  });
});

describe("app/lib/explorer", () => {
  it("links a chain with a public explorer there", () => {
    const etherscan = explorerFor(11155111);
    assert.equal(etherscan.internal, false);
    assert.equal(etherscan.txHref(hash), `https://sepolia.etherscan.io/tx/${hash}`);
    assert.equal(etherscan.addressHref(alice), `https://sepolia.etherscan.io/address/${alice}`);
  });
  it("links the devnet (no explorer) to the dApp's own views, which parse back to their routes", () => {
    const own = explorerFor(31337);
    assert.equal(own.internal, true);
    const tx = parseRoute(own.txHref(hash));
    assert.ok(tx.name === "tx" && tx.hash === hash);
    const address = parseRoute(own.addressHref(alice.toLowerCase() as `0x${string}`));
    assert.ok(address.name === "address" && address.address === alice, "checksummed");
  });
  it("takes a configured explorer over none", () => {
    assert.equal(explorerFor(31337, { 31337: { name: "Local", url: "http://explorer.test/" } }).txHref(hash), `http://explorer.test/tx/${hash}`);
  });
  it("takes the explorer the server's operator configured over the chain's known one", () => {
    const mine = explorerFor(11155111, undefined, { name: "Blockscout", url: "https://sepolia.blockscout.test" });
    assert.equal(mine.name, "Blockscout");
    assert.equal(mine.internal, false);
    assert.equal(mine.addressHref(alice), `https://sepolia.blockscout.test/address/${alice}`);
    assert.equal(explorerFor(31337, undefined, { name: "Otterscan", url: "http://127.0.0.1:5100/" }).txHref(hash), `http://127.0.0.1:5100/tx/${hash}`);
  });
});

describe("app/lib/identicon as an image", () => {
  it("is one SVG data: URL per address, the same whatever the case", async () => {
    const { identiconDataUrl } = await import("@concord/app/lib/identicon.ts");
    const url = identiconDataUrl(alice);
    assert.equal(identiconDataUrl(alice.toLowerCase()), url);
    assert.notEqual(identiconDataUrl(bob), url);
    const svg = decodeURIComponent(url.replace(/^data:image\/svg\+xml,/, ""));
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 8 8"/);
    assert.equal((svg.match(/<rect /g) ?? []).length, 1 + identicon(alice).cells.filter((c) => c !== 0).length);
  });
});
