// A blockie-like identicon of an address (or any seed), drawn as SVG: decorative, the name or
// address beside it says who it is.
import { useMemo } from "react";
import { identicon } from "../../lib/identicon.ts";

export function Avatar({ seed, size = 20 }: { seed: string; size?: number }) {
  const icon = useMemo(() => identicon(seed), [seed]);
  const fill = (cell: number) => (cell === 1 ? icon.color : icon.spot);
  return (
    <svg className="avatar" width={size} height={size} viewBox={`0 0 ${icon.size} ${icon.size}`} aria-hidden="true" focusable="false" shapeRendering="crispEdges">
      <rect width={icon.size} height={icon.size} fill={icon.background} />
      {icon.cells.map((cell, i) => cell === 0 ? null : <rect key={i} x={i % icon.size} y={Math.floor(i / icon.size)} width="1" height="1" fill={fill(cell)} />)}
    </svg>
  );
}
