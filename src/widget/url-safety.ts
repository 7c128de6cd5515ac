/**
 * Decides whether a hit's `url` may become a link: only http(s) after resolving against the
 * search service's base, so `javascript:`, `data:` and friends never reach an href or location.assign.
 * Pure (URL parsing only); it does not check where the link goes.
 */

/**
 * The absolute href to use for `url`, or null when it is not http(s).
 * Relative URLs resolve against `base` (the endpoint, since the server's URLs are relative to it).
 *
 * @example safeHref('/posts/a?q=核酸', 'https://search.example/') // 'https://search.example/posts/a?q=%E6%A0%B8%E9%85%B8'
 * @example safeHref('javascript:alert(1)', 'https://search.example/') // null
 */
export function safeHref(url: string, base: string): string | null {
  const trimmed = url.trim();
  if (trimmed === '') return null;
  let resolved: URL;
  try {
    resolved = new URL(trimmed, base);
  } catch {
    // Unparseable URLs are never linked; the hit still shows, without a link.
    return null;
  }
  return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved.href : null;
}
