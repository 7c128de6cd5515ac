/**
 * Modal mode's shell: a launcher button and a native <dialog> (showModal: focus trap, inert page,
 * ::backdrop) around the box. Opening remembers the focused element; closing returns focus there.
 * Esc inside the input is the box's (clear, then close); the dialog's own cancel covers the rest.
 */
import { h } from './element.js';
import type { Strings } from './i18n.js';

export interface Modal {
  launcher: HTMLButtonElement;
  dialog: HTMLDialogElement;
  open(): void;
  close(): void;
  dispose(): void;
}

export interface ModalParts {
  idBase: string;
  strings: Strings;
  /** The box's `.zhs-box`, placed inside the dialog. */
  box: HTMLElement;
  input: HTMLInputElement;
  closeButton: HTMLButtonElement;
  /** True while an IME composition is active: Esc then belongs to the IME. */
  isComposing(): boolean;
}

const isApple = (): boolean => /Mac|iPhone|iPad|iPod/.test(navigator.platform || navigator.userAgent);

export function createModal(parts: ModalParts): Modal {
  const dialogId = `${parts.idBase}-dialog`;
  const launcher = h(
    'button',
    { type: 'button', class: 'zhs-launcher', 'aria-haspopup': 'dialog', 'aria-controls': dialogId, 'aria-keyshortcuts': 'Control+K Meta+K /' },
    [
      h('span', { class: 'zhs-launcher-text' }, [parts.strings.label]),
      h('kbd', { class: 'zhs-kbd', 'aria-hidden': 'true' }, [isApple() ? '⌘K' : 'Ctrl K']),
    ],
  );
  const dialog = h('dialog', { id: dialogId, class: 'zhs-dialog', 'aria-label': parts.strings.label }, [
    h('div', { class: 'zhs-dialog-inner' }, [parts.box]),
  ]);
  let returnFocus: Element | null = null;

  const open = (): void => {
    if (dialog.open) {
      parts.input.focus();
      return;
    }
    returnFocus = document.activeElement;
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    parts.input.focus();
  };
  const close = (): void => {
    if (!dialog.open) return;
    if (typeof dialog.close === 'function') dialog.close();
    else {
      dialog.removeAttribute('open');
      onClose();
    }
  };
  const onClose = (): void => {
    const target = returnFocus instanceof HTMLElement && returnFocus.isConnected ? returnFocus : launcher;
    returnFocus = null;
    target.focus();
  };
  const onCancel = (event: Event): void => {
    if (parts.isComposing()) event.preventDefault();
  };
  // A click whose target is the dialog itself landed on the backdrop (the inner wrapper fills the dialog).
  const onDialogClick = (event: MouseEvent): void => {
    if (event.target === dialog) close();
  };

  launcher.addEventListener('click', open);
  parts.closeButton.addEventListener('click', close);
  dialog.addEventListener('close', onClose);
  dialog.addEventListener('cancel', onCancel);
  dialog.addEventListener('click', onDialogClick);
  return {
    launcher,
    dialog,
    open,
    close,
    dispose() {
      launcher.removeEventListener('click', open);
      parts.closeButton.removeEventListener('click', close);
      dialog.removeEventListener('close', onClose);
      dialog.removeEventListener('cancel', onCancel);
      dialog.removeEventListener('click', onDialogClick);
      if (dialog.open && typeof dialog.close === 'function') dialog.close();
    },
  };
}
