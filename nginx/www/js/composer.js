// The composer under a thread: the text field (Enter sends, Shift+Enter starts a new line), its
// character and SMS counter, the Send button, its status line, and the notice that replaces it
// while the number has opted out.

import { byId, setStatus } from "./dom.js";
import { characterCount, counterText, MAX_CHARACTERS } from "./sms-segments.js";
import { composeProblem } from "./thread-text.js";

/** The form #composer. `onSend(text)` runs with the text to send (checked: not empty, not too long). */
export function createComposer({ onSend }) {
  const form = byId("composer");
  const field = byId("composer-text");
  const counter = byId("composer-counter");
  const status = byId("composer-status");
  const sendButton = byId("composer-send");
  const notice = byId("opted-out");

  function updateCounter() {
    setStatus(counter, counterText(field.value));
  }

  function submit(event) {
    if (event) event.preventDefault();
    if (field.disabled) return;
    const text = field.value.trim();
    const problem = composeProblem(characterCount(text), MAX_CHARACTERS);
    if (problem) {
      setStatus(status, problem);
      field.focus();
      return;
    }
    setStatus(status, { text: "" });
    field.value = "";
    updateCounter();
    onSend(text);
  }

  // Enter sends; Shift+Enter (and Enter while an input method is composing) is a new line.
  field.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey) {
      submit(event);
    }
  });
  field.addEventListener("input", updateCounter);
  form.addEventListener("submit", submit);
  updateCounter();

  return {
    /** Turns the composer off with the sentence `reason` shown instead (an opted-out number), or
     *  on again when `reason` is null. */
    setBlocked(reason) {
      const blocked = Boolean(reason);
      field.disabled = blocked;
      sendButton.disabled = blocked;
      notice.textContent = reason || "";
      notice.hidden = !blocked;
      if (blocked) field.setAttribute("aria-describedby", "opted-out composer-counter");
      else field.setAttribute("aria-describedby", "composer-counter composer-help");
    },
    /** Shows `value` (`{ text, kind }`) in the composer's status line. */
    say(value) {
      setStatus(status, value);
    },
    /** Puts back `text` that could not be sent, unless the operator has typed something new. */
    restore(text) {
      if (field.value.trim()) return;
      field.value = text;
      updateCounter();
    },
    /** Empties the field and its status (another conversation was opened). */
    reset() {
      field.value = "";
      updateCounter();
      setStatus(status, { text: "" });
    },
    focus() {
      field.focus();
    },
  };
}
