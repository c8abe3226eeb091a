/**
 * The seat after `current` among the seats still occupied, wrapping to the lowest.
 * Works when `current` itself was vacated (its member removed).
 */
export function nextSeat(occupiedSeats: readonly number[], current: number): number {
  const sorted = [...occupiedSeats].sort((a, b) => a - b);
  const first = sorted[0];
  if (first === undefined) return current;
  return sorted.find((seat) => seat > current) ?? first;
}
