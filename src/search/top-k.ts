/**
 * Picks the best `k` of `n` items in order, without sorting all of them: a bounded heap whose
 * root is the worst item kept. Exact totals need every match scored, not every match sorted.
 */

/**
 * Indices of the best `k` items of `0..n-1`, best first, where `better(a, b)` is true when item
 * `a` ranks before item `b` (a strict, total order).
 */
export function selectTop(n: number, k: number, better: (a: number, b: number) => boolean): number[] {
  const size = Math.min(n, k);
  if (size <= 0) return [];
  const heap: number[] = [];
  const worse = (a: number, b: number): boolean => better(b, a);
  const siftUp = (at: number): void => {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!worse(heap[at]!, heap[parent]!)) break;
      [heap[at], heap[parent]] = [heap[parent]!, heap[at]!];
      at = parent;
    }
  };
  const siftDown = (at: number): void => {
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let worst = at;
      if (left < heap.length && worse(heap[left]!, heap[worst]!)) worst = left;
      if (right < heap.length && worse(heap[right]!, heap[worst]!)) worst = right;
      if (worst === at) return;
      [heap[at], heap[worst]] = [heap[worst]!, heap[at]!];
      at = worst;
    }
  };
  for (let i = 0; i < n; i++) {
    if (heap.length < size) {
      heap.push(i);
      siftUp(heap.length - 1);
    } else if (better(i, heap[0]!)) {
      heap[0] = i;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
}
