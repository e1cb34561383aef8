// How long until a chain time, as a person reads it in a message: "in 59 min", "in 2 h 5 min".

/** `seconds` from now, rounded up to the minute (a deadline 10 s away is "in 1 min", not "in 0"). */
export function timeUntil(seconds: bigint): string {
  const minutes = Number((seconds + 59n) / 60n);
  if (minutes < 60) return `in ${Math.max(minutes, 1)} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `in ${hours} h${minutes % 60 === 0 ? "" : ` ${minutes % 60} min`}`;
  return `in ${Math.floor(hours / 24)} days`;
}
