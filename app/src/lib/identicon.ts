// A blockie-like identicon drawn from an address (the algorithm of ethereum-blockies: a seeded
// xorshift picks three colours and a left-right mirrored grid), so the same account looks the same
// everywhere, offline: nothing is fetched.

export type Identicon = {
  readonly size: number;
  readonly color: string;
  readonly background: string;
  readonly spot: string;
  /** size × size cells, row by row: 0 background, 1 colour, 2 spot. */
  readonly cells: readonly number[];
};

function seeded(seed: string): () => number {
  const state = new Int32Array(4);
  for (let i = 0; i < seed.length; i++) {
    state[i % 4] = (state[i % 4]! << 5) - state[i % 4]! + seed.charCodeAt(i);
  }
  return () => {
    const t = state[0]! ^ (state[0]! << 11);
    state[0] = state[1]!;
    state[1] = state[2]!;
    state[2] = state[3]!;
    state[3] = state[3]! ^ (state[3]! >> 19) ^ t ^ (t >> 8);
    return (state[3]! >>> 0) / ((1 << 31) >>> 0);
  };
}

function colour(random: () => number): string {
  const hue = Math.floor(random() * 360);
  const saturation = Math.floor(random() * 60 + 40);
  const lightness = Math.floor((random() + random() + random() + random()) * 25);
  return `hsl(${hue} ${saturation}% ${lightness}%)`;
}

export function identicon(address: string, size = 8): Identicon {
  const random = seeded(address.toLowerCase());
  const color = colour(random);
  const background = colour(random);
  const spot = colour(random);
  const half = Math.ceil(size / 2);
  const cells: number[] = [];
  for (let y = 0; y < size; y++) {
    const row: number[] = [];
    for (let x = 0; x < half; x++) row.push(Math.floor(random() * 2.3));
    const mirrored = row.slice(0, size - half).reverse();
    cells.push(...row, ...mirrored);
  }
  return { size, color, background, spot, cells };
}

const svgCache = new Map<string, string>();

/**
 * The identicon as an SVG data: URL, one per seed (cached): a page of sessions shows dozens of
 * avatars of a few agents, each one image rather than dozens of elements.
 */
export function identiconDataUrl(seed: string): string {
  const key = seed.toLowerCase();
  let url = svgCache.get(key);
  if (url === undefined) {
    const icon = identicon(key);
    const rects = icon.cells.map((cell, i) => cell === 0 ? "" : `<rect x="${i % icon.size}" y="${Math.floor(i / icon.size)}" width="1" height="1" fill="${cell === 1 ? icon.color : icon.spot}"/>`).join("");
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${icon.size} ${icon.size}" shape-rendering="crispEdges"><rect width="${icon.size}" height="${icon.size}" fill="${icon.background}"/>${rects}</svg>`;
    url = `data:image/svg+xml,${encodeURIComponent(svg)}`;
    svgCache.set(key, url);
  }
  return url;
}
