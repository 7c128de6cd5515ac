/**
 * The widget's entry point, bundled as the `Zhsearch` global (dist/widget/widget.js):
 * `Zhsearch.mount(element, options)`, `Zhsearch.autoMount()` and auto-mounting every
 * `[data-zhsearch]` element once the document is parsed. Nothing else runs at load.
 */
import { mount, type MountHandle } from './mount.js';

export { mount };
export type { MountHandle } from './mount.js';
export type { MountOptions } from './options.js';

declare const __ZHSEARCH_VERSION__: string;

/** The zhsearch release this bundle was built from (package.json's version). */
export const version: string = __ZHSEARCH_VERSION__;

/**
 * Mounts every `[data-zhsearch]` element under `root` not mounted yet; one failing element does
 * not stop the others.
 *
 * @example <div data-zhsearch data-endpoint="https://search.example.com" data-mode="modal"></div>
 */
export function autoMount(root: ParentNode = document): MountHandle[] {
  const mounted: MountHandle[] = [];
  for (const element of Array.from(root.querySelectorAll<HTMLElement>('[data-zhsearch]:not([data-zhs-mounted])'))) {
    try {
      mounted.push(mount(element));
    } catch (error) {
      console.error('zhsearch: could not mount', element, error);
    }
  }
  return mounted;
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => autoMount());
else autoMount();
