/**
 * Finds widget.css next to the running widget.js (from document.currentScript, read while the
 * script first runs) and adds a <link rel="stylesheet"> for it unless the page already has one.
 * A bundled or inline copy of the script has no src: the page then links the CSS itself.
 */

const script = document.currentScript;
const scriptSrc = script instanceof HTMLScriptElement ? script.src : '';

/** URL of widget.css beside the script, or null when the script has no src. */
export function stylesheetHref(src: string = scriptSrc): string | null {
  if (src === '') return null;
  try {
    return new URL('widget.css', src).href;
  } catch {
    // A src the URL parser rejects cannot have loaded this script either; the page links the CSS itself.
    return null;
  }
}

export function ensureStylesheet(): void {
  const href = stylesheetHref();
  if (href === null) return;
  const links = Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel~="stylesheet"]'));
  if (links.some((link) => link.href === href)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  link.setAttribute('data-zhs-stylesheet', '');
  document.head.append(link);
}
