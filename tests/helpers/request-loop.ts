/**
 * Load for reload tests: a few concurrent clients requesting URLs in turn against a listening server
 * until stopped, recording every answer that is not a 200 (and every network error or timeout).
 */

export interface RequestLoopStats {
  /** Requests answered (any status). */
  answered: number;
  /** `path → status` or `path → error message` for every request that did not get a 200. */
  failures: string[];
  /** When each answer arrived (performance.now()), in order. */
  answeredAtMs: number[];
}

export interface RequestLoop {
  /** Stops issuing requests, waits for those in flight, and returns what happened. */
  stop(): Promise<RequestLoopStats>;
  /** Answers so far. */
  readonly answered: number;
}

/** Each of `concurrency` clients requests `paths` (relative to `baseUrl`) in turn, one at a time, until stopped. */
export function startRequestLoop(baseUrl: string, paths: readonly string[], concurrency = 4, timeoutMs = 10_000): RequestLoop {
  let stopped = false;
  const stats: RequestLoopStats = { answered: 0, failures: [], answeredAtMs: [] };
  const client = async (offset: number): Promise<void> => {
    for (let i = offset; !stopped; i++) {
      const requestPath = paths[i % paths.length]!;
      try {
        const res = await fetch(new URL(requestPath, baseUrl), { signal: AbortSignal.timeout(timeoutMs) });
        await res.arrayBuffer();
        stats.answered++;
        stats.answeredAtMs.push(performance.now());
        if (res.status !== 200) stats.failures.push(`${requestPath} → ${res.status}`);
      } catch (error) {
        stats.failures.push(`${requestPath} → ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  const clients = Array.from({ length: concurrency }, (_, n) => client(n));
  return {
    get answered() {
      return stats.answered;
    },
    async stop() {
      stopped = true;
      await Promise.all(clients);
      return stats;
    },
  };
}

/** Polls `probe` every `intervalMs` until it returns true; fails after `timeoutMs` naming `what`. */
export async function waitUntil(what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 15_000, intervalMs = 50): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
