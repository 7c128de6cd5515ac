/**
 * One document keydown listener shared by all boxes for the shortcuts of shortcut.ts: the first
 * registered box gets them. Never fires while the user types in another field or composes with an IME.
 */
import { isHotkey, type TargetLike } from './shortcut.js';

export interface HotkeyClient {
  /** Focuses the box or opens its dialog. */
  activate(): void;
}

const clients: HotkeyClient[] = [];
let listening = false;

function onKeydown(event: KeyboardEvent): void {
  const client = clients[0];
  if (client === undefined) return;
  const active = document.activeElement;
  const target = active instanceof HTMLElement && active !== document.body ? activeTarget(active) : null;
  if (!isHotkey(event, target)) return;
  event.preventDefault();
  client.activate();
}

function activeTarget(element: HTMLElement): TargetLike {
  return {
    tagName: element.tagName,
    type: element instanceof HTMLInputElement ? element.type : undefined,
    isContentEditable: element.isContentEditable,
  };
}

/** Adds a box to the shortcut queue; the returned function removes it. */
export function registerHotkeys(client: HotkeyClient): () => void {
  clients.push(client);
  if (!listening) {
    document.addEventListener('keydown', onKeydown);
    listening = true;
  }
  return () => {
    const index = clients.indexOf(client);
    if (index >= 0) clients.splice(index, 1);
    if (clients.length === 0 && listening) {
      document.removeEventListener('keydown', onKeydown);
      listening = false;
    }
  };
}
