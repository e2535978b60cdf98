// hubspot-fcgi inbox: the conversation list, the contact search modal and the create-contact
// form. Plain JS, no dependencies. Every piece of data goes into the DOM through textContent or
// attributes set one by one — never through innerHTML — so names like "<img onerror=…>" stay text.
// Requests are same-origin; the browser sends the operator credentials nginx asked for at "/inbox/".
"use strict";

(function () {
  const REFRESH_MS = 15000;
  const SEARCH_DEBOUNCE_MS = 250;
  const PAGE_SIZE = 50;
  const MAX_REFRESH = 100;

  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------------------------------
  // API

  class ApiError extends Error {
    constructor(status, code, message, field) {
      super(message);
      this.status = status;
      this.code = code;
      this.field = field || null;
    }
  }

  async function api(path, options = {}) {
    const init = {
      method: options.method || "GET",
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: options.signal,
      cache: "no-store",
    };
    if (options.body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (error) {
      if (error.name === "AbortError") throw error;
      throw new ApiError(0, "network_error", "The server could not be reached. Check the connection.");
    }
    let body = null;
    try {
      body = await response.json();
    } catch (_) {
      body = null;
    }
    if (!response.ok) {
      const error = body && body.error ? body.error : {};
      let message = typeof error.message === "string" && error.message
        ? error.message
        : `The server answered ${response.status}.`;
      if (response.status === 401) message = "Your sign-in is needed again: reload the page. (" + message + ")";
      throw new ApiError(response.status, error.code || "http_" + response.status, message, error.field);
    }
    if (body === null) throw new ApiError(response.status, "invalid_response", "The server sent an unreadable answer.");
    return { status: response.status, body };
  }

  // ---------------------------------------------------------------------------------------
  // Small DOM helpers (text only)

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function setStatus(node, text, kind) {
    node.textContent = text || "";
    node.classList.toggle("error", kind === "error");
    node.classList.toggle("warning", kind === "warning");
  }

  function formatPhone(phone) {
    if (typeof phone !== "string") return "";
    const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(phone);
    if (nanp) return `(${nanp[1]}) ${nanp[2]}-${nanp[3]}`;
    return phone;
  }

  function initials(name, phone) {
    if (name) {
      const letters = name.trim().split(/\s+/).map((part) => Array.from(part)[0] || "").join("");
      const picked = Array.from(letters).slice(0, 2).join("").toUpperCase();
      if (picked) return picked;
    }
    return phone && phone.length >= 2 ? "#" : "?";
  }

  function relativeTime(iso, now) {
    const then = new Date(iso);
    if (Number.isNaN(then.getTime())) return "";
    const seconds = Math.round((now - then) / 1000);
    if (seconds < 45) return "just now";
    const minutes = Math.round(seconds / 60);
    if (minutes < 60) return `${minutes} min ago`;
    const hours = Math.round(minutes / 60);
    if (hours < 24) return `${hours} h ago`;
    const days = Math.round(hours / 24);
    if (days === 1) return "yesterday";
    if (days < 7) return `${days} days ago`;
    const sameYear = then.getFullYear() === now.getFullYear();
    return then.toLocaleDateString(undefined, sameYear
      ? { month: "short", day: "numeric" }
      : { year: "numeric", month: "short", day: "numeric" });
  }

  function isEditable(node) {
    if (!node) return false;
    if (node.isContentEditable) return true;
    const tag = node.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
  }

  function safeHubSpotUrl(url) {
    if (typeof url !== "string") return null;
    try {
      const parsed = new URL(url);
      return parsed.protocol === "https:" ? parsed.href : null;
    } catch (_) {
      return null;
    }
  }

  function hubSpotLink(url, label) {
    const href = safeHubSpotUrl(url);
    if (!href) return null;
    const link = el("a", "hubspot-link", "Open in HubSpot");
    link.href = href;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    if (label) link.setAttribute("aria-label", `Open ${label} in HubSpot (new tab)`);
    return link;
  }

  // ---------------------------------------------------------------------------------------
  // Conversation list

  const list = {
    items: [],          // conversations in display order
    next: null,         // cursor of the page after the loaded ones
    loading: false,
    refreshWanted: false,  // a refresh was asked for while the list was loading
    loaded: false,
    nodes: new Map(),   // conversation id → <li>
  };

  function conversationKey(conversation) {
    return String(conversation.id);
  }

  function renderConversation(node, conversation, now) {
    const name = typeof conversation.name === "string" && conversation.name ? conversation.name : null;
    const phone = formatPhone(conversation.phone);
    node.replaceChildren();
    node.className = "conversation" + (conversation.unreadCount > 0 ? " unread" : "");
    node.dataset.id = conversationKey(conversation);
    node.dataset.phone = conversation.phone || "";

    const avatar = el("div", "avatar", initials(name, conversation.phone));
    avatar.setAttribute("aria-hidden", "true");

    const who = el("div", "who");
    const title = el("p", name ? "name" : "name unknown", name || phone || "Unknown number");
    who.append(title);
    const meta = el("div", "meta-line");
    if (conversation.company) meta.append(el("span", "company", conversation.company));
    if (name && phone) meta.append(el("span", "phone", phone));
    const link = hubSpotLink(conversation.hubspotUrl, name || phone);
    if (link) meta.append(link);
    if (meta.childElementCount) who.append(meta);

    const message = conversation.lastMessage || {};
    const last = el("p", "last");
    if (message.direction === "outgoing") last.append(el("span", "direction", "You: "));
    last.append(document.createTextNode(typeof message.text === "string" && message.text ? message.text : "(no text)"));
    if (typeof message.text === "string") last.title = message.text;
    who.append(last);

    const side = el("div", "side");
    if (message.at) {
      const time = el("time", null, relativeTime(message.at, now));
      time.dateTime = message.at;
      const when = new Date(message.at);
      if (!Number.isNaN(when.getTime())) time.title = when.toLocaleString();
      side.append(time);
    }
    if (conversation.unreadCount > 0) {
      const badge = el("span", "badge", conversation.unreadCount > 99 ? "99+" : conversation.unreadCount);
      badge.setAttribute("aria-label", `${conversation.unreadCount} unread message${conversation.unreadCount === 1 ? "" : "s"}`);
      badge.setAttribute("role", "img");
      side.append(badge);
    }
    node.append(avatar, who, side);
  }

  // Puts `items` on the page, reusing the <li> of every conversation already shown, so the
  // reader's scroll position and focus survive a refresh.
  function showConversations(items) {
    const container = $("conversations");
    const now = new Date();
    const active = document.activeElement;
    const activeItem = active && container.contains(active) ? active.closest("li.conversation") : null;
    const activeKey = activeItem ? activeItem.dataset.id : null;
    const activeIsLink = active && active.tagName === "A";

    const keep = new Map();
    items.forEach((conversation) => {
      const key = conversationKey(conversation);
      let node = list.nodes.get(key);
      if (!node) node = document.createElement("li");
      // Unchanged conversations keep their nodes (and whatever has focus inside them); only
      // their relative time is brought up to date.
      const signature = JSON.stringify(conversation);
      if (node.dataset.signature !== signature) {
        renderConversation(node, conversation, now);
        node.dataset.signature = signature;
      } else {
        const time = node.querySelector("time");
        if (time) time.textContent = relativeTime(time.dateTime, now);
      }
      keep.set(key, node);
    });
    list.nodes.forEach((node, key) => { if (!keep.has(key)) node.remove(); });
    let cursor = container.firstElementChild;
    keep.forEach((node) => {
      if (node === cursor) {
        cursor = cursor.nextElementSibling;
      } else {
        container.insertBefore(node, cursor);
      }
    });
    list.nodes = keep;
    list.items = items;

    if (activeKey && document.activeElement !== active) {
      const node = list.nodes.get(activeKey);
      const target = node && (activeIsLink ? node.querySelector("a") : (active === activeItem ? node : null));
      if (target) target.focus({ preventScroll: true });
    }
  }

  function showListState(error) {
    const status = $("list-status");
    if (error) {
      setStatus(status, list.items.length
        ? `Could not refresh: ${error.message} Showing what was loaded; retrying every ${REFRESH_MS / 1000} s.`
        : `Could not load conversations: ${error.message} Retrying every ${REFRESH_MS / 1000} s.`, "error");
    } else if (list.items.length === 0) {
      setStatus(status, "No conversations yet. Text messages from OpenPhone appear here.");
    } else {
      setStatus(status, "");
    }
    $("load-more").hidden = !list.next;
    $("conversations").setAttribute("aria-busy", "false");
  }

  // A refresh asked for while the list is loading runs once that load ends: the answer in flight
  // may predate what the caller changed (a contact just created).
  function finishLoading() {
    list.loading = false;
    if (list.refreshWanted) {
      list.refreshWanted = false;
      refreshList();
    }
  }

  async function refreshList() {
    if (list.loading) {
      list.refreshWanted = true;
      return;
    }
    list.loading = true;
    const wanted = Math.min(MAX_REFRESH, Math.max(PAGE_SIZE, list.items.length));
    try {
      const { body } = await api("/api/messages/conversations?" + new URLSearchParams({ limit: String(wanted) }));
      const fresh = Array.isArray(body.conversations) ? body.conversations : [];
      const freshKeys = new Set(fresh.map(conversationKey));
      // Pages loaded beyond the refreshed window stay as they were.
      const older = list.items.length > wanted
        ? list.items.slice(wanted).filter((item) => !freshKeys.has(conversationKey(item)))
        : [];
      if (!older.length) list.next = body.next || null;
      showConversations(fresh.concat(older));
      list.loaded = true;
      $("list-updated").textContent = "Updated " + new Date().toLocaleTimeString();
      showListState(null);
    } catch (error) {
      if (error.name !== "AbortError") showListState(error);
    } finally {
      finishLoading();
    }
  }

  async function loadMore() {
    if (!list.next || list.loading) return;
    list.loading = true;
    const button = $("load-more");
    button.disabled = true;
    setStatus($("list-status"), "Loading older conversations…");
    try {
      const { body } = await api("/api/messages/conversations?" + new URLSearchParams({ limit: String(PAGE_SIZE), before: list.next }));
      const known = new Set(list.items.map(conversationKey));
      const page = (body.conversations || []).filter((item) => !known.has(conversationKey(item)));
      list.next = body.next || null;
      showConversations(list.items.concat(page));
      showListState(null);
    } catch (error) {
      showListState(error);
    } finally {
      button.disabled = false;
      finishLoading();
    }
  }

  // ---------------------------------------------------------------------------------------
  // The contact dialog: search, pick, create

  const dialog = $("contact-dialog");
  const search = {
    mode: "search",          // "search" | "new"
    opener: null,            // focus returns here on close
    timer: 0,
    controller: null,
    sequence: 0,
    lastQuery: "",
  };

  function focusables() {
    return Array.from(dialog.querySelectorAll(
      'a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])'
    )).filter((node) => node.getClientRects().length > 0 && !node.closest("[hidden]"));
  }

  function openDialog(mode) {
    search.mode = mode;
    $("dialog-title").textContent = mode === "new" ? "New conversation" : "Search contacts";
    $("dialog-help").textContent = mode === "new"
      ? "Find the contact to text, by name or phone number in any format. Not in HubSpot yet? Create them here. Esc closes."
      : "Search HubSpot by name, email, company or phone number in any format. Esc closes.";
    if (!dialog.open) {
      const active = document.activeElement;
      search.opener = active && active !== document.body ? active : $("open-search");
      resetCreate();
      dialog.showModal();
    }
    const input = $("search-input");
    input.focus();
    input.select();
    if (input.value.trim().length >= 2) runSearch(input.value, true);
  }

  // Focus goes back to the opener here, not in the "close" event: that event fires later, as a
  // task of its own, and by then the operator (or startConversation) may have moved focus on.
  function closeDialog() {
    window.clearTimeout(search.timer);
    if (search.controller) search.controller.abort();
    if (dialog.open) dialog.close();
    restoreFocus();
  }

  // Once per opening: a second call (the late "close" event) finds no opener and does nothing.
  function restoreFocus() {
    const opener = search.opener;
    if (!opener) return;
    search.opener = null;
    (document.contains(opener) ? opener : $("open-search")).focus();
  }

  function scheduleSearch() {
    window.clearTimeout(search.timer);
    search.timer = window.setTimeout(() => runSearch($("search-input").value, false), SEARCH_DEBOUNCE_MS);
  }

  // The results list's data-query names the query its content answers, and is absent while a
  // search runs: what is shown can be told apart from an earlier query's answer.
  async function runSearch(raw, force) {
    const query = raw.trim();
    const status = $("search-status");
    const results = $("search-results");
    if (!force && query === search.lastQuery) return;
    search.lastQuery = query;
    if (search.controller) search.controller.abort();
    if (query.length < 2) {
      results.replaceChildren();
      results.setAttribute("aria-busy", "false");
      setStatus(status, query.length ? "Type at least 2 characters." : "");
      $("create-hint").hidden = true;
      results.dataset.query = query;
      return;
    }
    const sequence = ++search.sequence;
    const controller = new AbortController();
    search.controller = controller;
    results.setAttribute("aria-busy", "true");
    delete results.dataset.query;
    setStatus(status, "Searching…");
    try {
      const { body } = await api("/api/contacts/search?" + new URLSearchParams({ q: query, limit: "20" }), { signal: controller.signal });
      if (sequence !== search.sequence) return;
      const contacts = Array.isArray(body.contacts) ? body.contacts : [];
      const stale = body.cache === "stale";
      results.replaceChildren(...contacts.map((contact) => contactItem(contact, stale)));
      if (!contacts.length) {
        setStatus(status, `No contacts match “${query}”.` + (stale ? " (HubSpot is unavailable; these are saved results.)" : ""), stale ? "warning" : null);
      } else if (stale) {
        setStatus(status, `HubSpot is unavailable: showing saved results for “${query}”, which may be out of date.`, "warning");
      } else {
        setStatus(status, body.next
          ? `The first ${contacts.length} contacts found; type more to narrow the search.`
          : `${contacts.length} contact${contacts.length === 1 ? "" : "s"} found.`);
      }
      $("create-hint").hidden = false;
      results.dataset.query = query;
    } catch (error) {
      if (error.name === "AbortError" || sequence !== search.sequence) return;
      results.replaceChildren();
      const unavailable = error.status === 503 || error.status === 429 || error.status === 504;
      setStatus(status, (unavailable ? "HubSpot is unavailable right now: " : "Search failed: ") + error.message, "error");
      $("create-hint").hidden = false;
      results.dataset.query = query;
    } finally {
      if (sequence === search.sequence) results.setAttribute("aria-busy", "false");
    }
  }

  function contactCard(contact, stale, container) {
    const label = contact.name || formatPhone(contact.phone) || contact.email || "Contact " + contact.id;
    const heading = el("p", "name", contact.name || "(no name in HubSpot)");
    if (stale) {
      heading.append(" ");
      heading.append(el("span", "tag", "saved"));
    }
    container.append(heading);
    const details = el("dl");
    const add = (term, value, href) => {
      if (!value) return;
      details.append(el("dt", null, term));
      const dd = el("dd");
      if (href) {
        const link = el("a", null, value);
        link.href = href;
        dd.append(link);
      } else {
        dd.textContent = value;
      }
      details.append(dd);
    };
    add("Phone", formatPhone(contact.phone));
    add("Mobile", formatPhone(contact.mobilePhone));
    add("Email", contact.email, contact.email ? "mailto:" + encodeURIComponent(contact.email).replace(/%40/g, "@") : null);
    add("Company", contact.company);
    if (details.childElementCount) container.append(details);
    const actions = el("div", "contact-actions");
    const link = hubSpotLink(contact.hubspotUrl, label);
    if (link) actions.append(link);
    return { actions, label };
  }

  function contactItem(contact, stale) {
    const item = el("li", "contact");
    item.dataset.id = String(contact.id);
    const { actions, label } = contactCard(contact, stale, item);
    if (search.mode === "new") {
      const number = contact.phone || contact.mobilePhone;
      const pick = el("button", "button primary", "Start conversation");
      pick.type = "button";
      pick.setAttribute("aria-label", `Start a conversation with ${label}`);
      pick.disabled = !number;
      pick.addEventListener("click", () => startConversation(contact));
      actions.prepend(pick);
    }
    if (actions.childElementCount) item.append(actions);
    return item;
  }

  // A conversation starts with the first text sent from OpenPhone; here we take the operator to
  // it when it exists, or say where it will appear.
  function startConversation(contact) {
    const number = contact.phone || contact.mobilePhone;
    const existing = list.items.find((item) => item.phone === contact.phone || item.phone === contact.mobilePhone);
    if (existing) {
      const node = list.nodes.get(conversationKey(existing));
      closeDialog();
      if (node) {
        node.tabIndex = -1;
        node.scrollIntoView({ block: "center" });
        node.focus();
      }
      return;
    }
    showResult(contact, "No messages with this contact yet",
      `Text ${formatPhone(number)} from OpenPhone; the conversation appears in the inbox, named.`);
  }

  // --- create -------------------------------------------------------------------------------

  const FIELDS = ["firstName", "lastName", "phone", "email", "company"];

  function clearFieldErrors() {
    FIELDS.forEach((field) => {
      const input = $("create-" + field);
      input.removeAttribute("aria-invalid");
      const error = $("create-" + field + "-error");
      error.textContent = "";
      error.hidden = true;
    });
  }

  function fieldError(field, message) {
    const input = $("create-" + field);
    const error = $("create-" + field + "-error");
    if (!input || !error) return false;
    input.setAttribute("aria-invalid", "true");
    error.textContent = message;
    error.hidden = false;
    return true;
  }

  function resetCreate() {
    $("create-form").hidden = true;
    $("create-result").hidden = true;
    $("create-form").reset();
    clearFieldErrors();
    setStatus($("create-status"), "");
  }

  function showCreate() {
    resetCreate();
    const query = $("search-input").value.trim();
    if (query) {
      if (/@/.test(query)) {
        $("create-email").value = query;
      } else if (/^[\d\s().+\-#x]+$/i.test(query) && query.replace(/\D/g, "").length >= 7) {
        $("create-phone").value = query;
      } else {
        const parts = query.split(/\s+/);
        $("create-firstName").value = parts.shift() || "";
        $("create-lastName").value = parts.join(" ");
      }
    }
    $("create-form").hidden = false;
    const first = FIELDS.map((field) => $("create-" + field)).find((input) => !input.value) || $("create-firstName");
    first.focus();
  }

  async function submitCreate(event) {
    event.preventDefault();
    clearFieldErrors();
    const values = {};
    FIELDS.forEach((field) => { values[field] = $("create-" + field).value.trim(); });
    let invalid = null;
    if (!values.firstName) invalid = invalid || (fieldError("firstName", "Enter a first name.") && "firstName");
    if (!values.lastName) invalid = invalid || (fieldError("lastName", "Enter a last name.") && "lastName");
    if (!values.phone) invalid = invalid || (fieldError("phone", "Enter a phone number.") && "phone");
    if (invalid) {
      setStatus($("create-status"), "Check the highlighted fields.", "error");
      $("create-" + invalid).focus();
      return;
    }
    const body = { firstName: values.firstName, lastName: values.lastName, phone: values.phone };
    if (values.email) body.email = values.email;
    if (values.company) body.company = values.company;
    const submit = $("create-submit");
    submit.disabled = true;
    setStatus($("create-status"), "Creating the contact in HubSpot…");
    try {
      const { status, body: answer } = await api("/api/contacts", { method: "POST", body });
      const created = answer.created === true || status === 201;
      $("create-form").hidden = true;
      showResult(answer.contact || {}, created ? "Contact created in HubSpot" : "Already in HubSpot: nothing was created", null);
      refreshList();
    } catch (error) {
      if (error.status === 400 && error.field && fieldError(error.field, error.message)) {
        setStatus($("create-status"), "HubSpot did not accept this contact: check the highlighted field.", "error");
        $("create-" + error.field).focus();
      } else if (error.status === 403) {
        setStatus($("create-status"), "Not allowed: " + error.message, "error");
      } else if (error.status === 503 || error.status === 429 || error.status === 504) {
        setStatus($("create-status"), "HubSpot is unavailable right now; nothing was created. " + error.message, "error");
      } else {
        setStatus($("create-status"), "The contact was not created: " + error.message, "error");
      }
    } finally {
      submit.disabled = false;
    }
  }

  function showResult(contact, headingText, note) {
    const section = $("create-result");
    $("create-result-heading").textContent = headingText;
    const card = $("create-result-card");
    card.replaceChildren();
    const wrapper = el("div", "contact");
    const { actions } = contactCard(contact, false, wrapper);
    if (note) wrapper.append(el("p", "muted", note));
    if (actions.childElementCount) wrapper.append(actions);
    card.append(wrapper);
    section.hidden = false;
    section.focus();
  }

  // ---------------------------------------------------------------------------------------
  // Wiring

  function onKeydown(event) {
    if (event.defaultPrevented) return;
    const key = event.key;
    if ((event.ctrlKey || event.metaKey) && !event.altKey && (key === "k" || key === "K")) {
      event.preventDefault();
      openDialog(dialog.open ? search.mode : "search");
      return;
    }
    if (dialog.open) {
      if (key === "Escape") {
        event.preventDefault();
        closeDialog();
      } else if (key === "Tab") {
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
      return;
    }
    if (key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !isEditable(document.activeElement)) {
      event.preventDefault();
      openDialog("search");
    }
  }

  function start() {
    document.addEventListener("keydown", onKeydown);
    $("open-search").addEventListener("click", () => openDialog("search"));
    $("new-conversation").addEventListener("click", () => openDialog("new"));
    $("close-dialog").addEventListener("click", closeDialog);
    $("load-more").addEventListener("click", loadMore);
    $("search-input").addEventListener("input", scheduleSearch);
    $("search-form").addEventListener("submit", (event) => {
      event.preventDefault();
      window.clearTimeout(search.timer);
      runSearch($("search-input").value, true);
    });
    $("show-create").addEventListener("click", showCreate);
    $("cancel-create").addEventListener("click", () => {
      resetCreate();
      $("search-input").focus();
    });
    $("create-form").addEventListener("submit", submitCreate);
    // Esc on a modal <dialog> fires "cancel"; close our way so focus goes back to the opener.
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      closeDialog();
    });
    // A close we did not make ourselves; ignored when the dialog was opened again since.
    dialog.addEventListener("close", () => { if (!dialog.open) restoreFocus(); });
    // A click on the backdrop (outside the dialog's box) closes it.
    dialog.addEventListener("click", (event) => {
      if (event.target !== dialog) return;
      const box = dialog.getBoundingClientRect();
      const inside = event.clientX >= box.left && event.clientX <= box.right
        && event.clientY >= box.top && event.clientY <= box.bottom;
      if (!inside) closeDialog();
    });

    refreshList();
    window.setInterval(() => { if (!document.hidden) refreshList(); }, REFRESH_MS);
    document.addEventListener("visibilitychange", () => { if (!document.hidden) refreshList(); });
  }

  start();
})();
