// Binary search over a list sorted by a numeric key.

/** Index of the last item whose key is <= x, or -1 when there is none. */
export function lastAtOrBefore<T>(list: ArrayLike<T>, x: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = list.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(list[mid]!) <= x) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}
