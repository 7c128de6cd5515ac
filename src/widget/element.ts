/**
 * The helpers that create and fill the box's elements. Attribute values and text children are
 * always set as strings (setAttribute, text nodes), never parsed as HTML.
 */

export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | null | undefined> = {},
  children: readonly Child[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** Replaces all children (Element.replaceChildren, which ES2019-era browsers lack). */
export function setChildren(parent: Element, children: readonly Node[]): void {
  parent.textContent = '';
  parent.append(...children);
}
