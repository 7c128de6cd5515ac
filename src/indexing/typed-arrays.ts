/**
 * Growing the typed arrays that build-time structures append to (postings, key tables, counters).
 */

type GrowableArray = Uint8Array | Uint16Array | Uint32Array | Int32Array;

/** `to` (the larger array, of the same kind) with `from`'s elements at its start. */
export function grown<T extends GrowableArray>(from: T, to: T): T {
  to.set(from);
  return to;
}
