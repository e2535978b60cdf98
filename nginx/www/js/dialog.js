// The contact dialog (a modal <dialog>): opening it in "search" or "new" mode, keeping focus inside
// it while open, and closing it by Esc, its close button or a click on the backdrop, with focus
// going back to what opened it. What it shows (search, create form) belongs to search.js and
// create-form.js; the hooks tie them in.

import { byId } from "./dom.js";

const MODES = {
  search: {
    title: "Search contacts",
    help: "Search HubSpot by name, email, company or phone number in any format. Esc closes.",
  },
  new: {
    title: "New conversation",
    help: "Find the contact to text, by name or phone number in any format. Not in HubSpot yet? Create them here. Esc closes.",
  },
};

/**
 * The dialog #contact-dialog. `beforeShow()` runs when a closed dialog is about to open,
 * `afterOpen()` after every open (focus is in the search field by then), `beforeClose()` before
 * it closes.
 */
export function createContactDialog({ beforeShow, afterOpen, beforeClose }) {
  const dialog = byId("contact-dialog");
  let mode = "search";
  let opener = null;       // focus returns here on close

  function focusables() {
    return Array.from(dialog.querySelectorAll(
      'a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])'
    )).filter((node) => node.getClientRects().length > 0 && !node.closest("[hidden]"));
  }

  /** Opens the dialog in `newMode` ("search" or "new"), or switches the open dialog to it. */
  function open(newMode) {
    mode = newMode;
    byId("dialog-title").textContent = MODES[mode].title;
    byId("dialog-help").textContent = MODES[mode].help;
    if (!dialog.open) {
      const active = document.activeElement;
      opener = active && active !== document.body ? active : byId("open-search");
      beforeShow();
      dialog.showModal();
    }
    const input = byId("search-input");
    input.focus();
    input.select();
    afterOpen();
  }

  /** Closes the dialog and gives focus back to what opened it. Here, not in the "close" event:
   *  that event fires later, as a task of its own, and by then the operator (or a started
   *  conversation) may have moved focus on. */
  function close() {
    beforeClose();
    if (dialog.open) dialog.close();
    restoreFocus();
  }

  // Once per opening: a second call (the late "close" event) finds no opener and does nothing.
  function restoreFocus() {
    const target = opener;
    if (!target) return;
    opener = null;
    (document.contains(target) ? target : byId("open-search")).focus();
  }

  /** Esc closes the open dialog; Tab and Shift+Tab wrap around inside it. */
  function handleKey(event) {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "Tab") {
      const nodes = focusables();
      if (!nodes.length) return;
      const first = nodes[0];
      const last = nodes[nodes.length - 1];
      if (event.shiftKey && (document.activeElement === first || !dialog.contains(document.activeElement))) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (document.activeElement === last || !dialog.contains(document.activeElement))) {
        event.preventDefault();
        first.focus();
      }
    }
  }

  byId("close-dialog").addEventListener("click", close);
  // Esc on a modal <dialog> fires "cancel"; close our way so focus goes back to the opener.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    close();
  });
  // A close we did not make ourselves; ignored when the dialog was opened again since.
  dialog.addEventListener("close", () => { if (!dialog.open) restoreFocus(); });
  // A click on the backdrop (outside the dialog's box) closes it.
  dialog.addEventListener("click", (event) => {
    if (event.target !== dialog) return;
    const box = dialog.getBoundingClientRect();
    const inside = event.clientX >= box.left && event.clientX <= box.right
      && event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) close();
  });

  return {
    open,
    close,
    handleKey,
    /** "search" or "new": what the dialog was last opened for. */
    get mode() { return mode; },
    get isOpen() { return dialog.open; },
  };
}
