import { ApiError, api, hideBanner, isServiceProblem, showBanner } from "./common.js";

const $ = (id) => document.getElementById(id);
const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
const UNDO_SECONDS = 6;

function report(error) {
  showBanner(error instanceof ApiError ? error.message : "Something went wrong. Please try again.");
}

// --- dates, in the browser's time zone -----------------------------------------------

const pad = (n) => String(n).padStart(2, "0");
const startOfDay = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate());

function timeOf(date) {
  return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
}

/** "today 17:00", "tomorrow 09:30", "Fri 17:00", "3 Dec 17:00" and whether it is overdue. */
function describeDue(iso, completed, now = new Date()) {
  const due = new Date(iso);
  const days = Math.round((startOfDay(due) - startOfDay(now)) / 86_400_000);
  let day;
  if (days === 0) day = "today";
  else if (days === 1) day = "tomorrow";
  else if (days === -1) day = "yesterday";
  else if (days > 1 && days < 7) day = due.toLocaleDateString([], { weekday: "short" });
  else {
    const options = { day: "numeric", month: "short" };
    if (due.getFullYear() !== now.getFullYear()) options.year = "numeric";
    day = due.toLocaleDateString([], options);
  }
  return {
    text: `${day} ${timeOf(due)}`,
    overdue: !completed && due < now,
    soon: !completed && due >= now && days <= 1,
    full: due.toLocaleString([], { dateStyle: "full", timeStyle: "short" }),
  };
}

function toLocalInput(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// A datetime-local value is wall-clock time in the browser's zone; send it with its offset.
function fromLocalInput(value) {
  return value ? new Date(value).toISOString() : null;
}

function parseTags(text) {
  return [...new Set(text.split(/[\s,]+/).map((tag) => tag.replace(/^#/, "").trim()).filter(Boolean))];
}

// --- account ---------------------------------------------------------------------------

async function loadUser() {
  const { user } = await api("GET", "/session");
  if (!user) {
    window.location.assign("/login");
    return;
  }
  $("user-name").textContent = user.name ? `${user.name} · ${user.email}` : user.email;
}

$("signout").addEventListener("click", async () => {
  try {
    await flushDeletes();
    await api("POST", "/session/logout");
    window.location.assign("/login");
  } catch (error) {
    report(error);
  }
});

const passwordDialog = $("password-dialog");
const passwordForm = $("password-form");
$("password-open").addEventListener("click", () => {
  passwordForm.reset();
  passwordForm.querySelector(".form-error").hidden = true;
  passwordDialog.showModal();
});
$("password-cancel").addEventListener("click", () => passwordDialog.close());
passwordForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const error = passwordForm.querySelector(".form-error");
  if (!passwordForm.reportValidity()) return;
  try {
    await api("POST", "/session/password", {
      current_password: passwordForm.elements.current_password.value,
      new_password: passwordForm.elements.new_password.value,
    });
    passwordDialog.close();
    toast("Password changed.");
  } catch (problem) {
    error.textContent = problem.message;
    error.hidden = false;
  }
});

// --- toast with undo --------------------------------------------------------------------

let toastTimer = null;
let toastUndo = null;

function toast(message, undo = null) {
  clearTimeout(toastTimer);
  $("toast-text").textContent = message;
  $("toast-undo").hidden = !undo;
  toastUndo = undo;
  $("toast").hidden = false;
  toastTimer = setTimeout(() => ($("toast").hidden = true), UNDO_SECONDS * 1000);
}

$("toast-undo").addEventListener("click", () => {
  $("toast").hidden = true;
  if (toastUndo) toastUndo();
  toastUndo = null;
});

// --- the board --------------------------------------------------------------------------

const list = $("task-list");
let tasks = [];
let loadSeq = 0;
const pendingDeletes = new Map(); // task id -> timer; the delete is sent when the undo window ends
const openEditors = new Map(); // task id -> edit form, kept (with what was typed) across refreshes

function filters() {
  const params = new URLSearchParams({
    status: document.querySelector('input[name="status"]:checked').value,
    sort: $("sort").value,
    order: $("sort-order").dataset.order,
    timezone: TIME_ZONE,
    limit: "500",
  });
  const optional = { priority: $("filter-priority").value, tag: $("filter-tag").value, due: $("filter-due").value, q: $("filter-q").value.trim() };
  for (const [key, value] of Object.entries(optional)) if (value) params.set(key, value);
  return params;
}

async function loadTasks() {
  const seq = ++loadSeq;
  try {
    const data = await api("GET", `/api/tasks?${filters()}`);
    if (seq !== loadSeq) return; // a newer request is on its way
    tasks = Array.isArray(data) ? data : data.items ?? data.tasks ?? [];
    renderTasks();
  } catch (error) {
    if (seq === loadSeq) report(error);
  }
}

async function loadTags() {
  try {
    const tags = await api("GET", "/api/tags");
    const select = $("filter-tag");
    const chosen = select.value;
    select.replaceChildren(new Option("All tags", ""));
    for (const tag of tags) select.add(new Option(`#${tag.name} (${tag.count})`, tag.name));
    if (chosen && !tags.some((tag) => tag.name === chosen)) select.add(new Option(`#${chosen}`, chosen));
    select.value = chosen;
  } catch (error) {
    report(error);
  }
}

function refreshBoard() {
  return Promise.all([loadTasks(), loadTags()]);
}

const TASK_CONTROLS = ["task-done", "task-edit", "task-delete"];

function renderTasks() {
  const visible = tasks.filter((task) => !pendingDeletes.has(task.id));
  const active = document.activeElement;
  const focusedId = active?.closest?.(".task")?.dataset.id;
  const control = TASK_CONTROLS.find((name) => active?.classList?.contains(name)) ?? "task-done";
  list.replaceChildren(...visible.map((task) => openEditors.get(task.id) ?? renderTask(task)));
  $("board-empty").hidden = visible.length > 0;
  $("task-count").textContent = visible.length ? `(${visible.length})` : "";
  // Re-rendering must not throw the keyboard user's focus away: it stays on the same
  // control of the same task (a key pressed just then still reaches the right button).
  if (active?.isConnected && list.contains(active)) active.focus();
  else if (focusedId) list.querySelector(`.task[data-id="${focusedId}"] .${control}`)?.focus();
}

function renderTask(task) {
  const row = $("task-template").content.firstElementChild.cloneNode(true);
  row.dataset.id = task.id;
  row.classList.toggle("completed", task.completed);
  const label = `#${task.id} ${task.title}`;
  const done = row.querySelector(".task-done");
  done.checked = task.completed;
  done.setAttribute("aria-label", task.completed ? `Reopen ${label}` : `Complete ${label}`);
  done.addEventListener("change", () => setCompleted(task, done.checked));
  row.querySelector(".task-id").textContent = `#${task.id}`;
  const title = row.querySelector(".task-title");
  title.textContent = task.title;
  title.addEventListener("dblclick", () => startEdit(task, row));
  if (task.description) {
    const description = row.querySelector(".task-description");
    description.textContent = task.description;
    description.hidden = false;
  }
  const priority = row.querySelector(".priority");
  priority.textContent = task.priority;
  priority.classList.add(task.priority);
  priority.setAttribute("aria-label", `${task.priority} priority`);
  if (task.due_at) {
    const due = describeDue(task.due_at, task.completed);
    const element = row.querySelector(".task-due");
    element.textContent = due.overdue ? `overdue · ${due.text}` : `due ${due.text}`;
    element.title = due.full;
    element.classList.toggle("overdue", due.overdue);
    element.classList.toggle("soon", due.soon);
    element.hidden = false;
  }
  row.querySelector(".task-tags").replaceChildren(
    ...task.tags.map((tag) => {
      const chip = document.createElement("span");
      chip.className = "chip";
      chip.textContent = `#${tag}`;
      return chip;
    }),
  );
  const edit = row.querySelector(".task-edit");
  edit.setAttribute("aria-label", `Edit ${label}`);
  edit.addEventListener("click", () => startEdit(task, row));
  const remove = row.querySelector(".task-delete");
  remove.setAttribute("aria-label", `Delete ${label}`);
  remove.addEventListener("click", () => scheduleDelete(task));
  return row;
}

async function setCompleted(task, completed) {
  const index = [...list.children].findIndex((row) => row.dataset.id === String(task.id));
  try {
    await api("POST", `/api/tasks/${task.id}/${completed ? "complete" : "reopen"}`);
    hideBanner();
  } catch (error) {
    report(error);
  }
  await loadTasks();
  // The row may have left the filtered list: keep the keyboard user in the list.
  if (document.activeElement === document.body) {
    const boxes = list.querySelectorAll(".task-done");
    (boxes[Math.min(index, boxes.length - 1)] ?? $("add-title")).focus();
  }
}

function startEdit(task, row) {
  const form = $("edit-template").content.firstElementChild.cloneNode(true);
  form.dataset.id = task.id;
  for (const field of form.querySelectorAll(".field")) {
    const control = field.querySelector("input, select, textarea");
    control.id = `edit-${task.id}-${control.name}`;
    field.querySelector("label").htmlFor = control.id;
  }
  const inputs = form.querySelector("form").elements;
  inputs.title.value = task.title;
  inputs.description.value = task.description ?? "";
  inputs.priority.value = task.priority;
  inputs.due.value = toLocalInput(task.due_at);
  inputs.tags.value = task.tags.join(", ");
  const cancel = () => {
    openEditors.delete(task.id);
    form.replaceWith(renderTask(task));
    list.querySelector(`.task[data-id="${task.id}"] .task-edit`)?.focus();
  };
  form.querySelector(".edit-cancel").addEventListener("click", cancel);
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") cancel();
  });
  form.querySelector("form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const changes = {
      title: inputs.title.value.trim(),
      description: inputs.description.value.trim(),
      priority: inputs.priority.value,
      due_at: fromLocalInput(inputs.due.value),
      tags: parseTags(inputs.tags.value),
    };
    try {
      await api("PATCH", `/api/tasks/${task.id}`, changes);
      hideBanner();
      openEditors.delete(task.id);
      await refreshBoard();
      list.querySelector(`.task[data-id="${task.id}"] .task-edit`)?.focus();
    } catch (error) {
      report(error); // the form stays open with what was typed
    }
  });
  openEditors.set(task.id, form);
  // The row that was clicked may have been re-rendered meanwhile: replace the current one.
  (row.isConnected ? row : list.querySelector(`.task[data-id="${task.id}"]`))?.replaceWith(form);
  inputs.title.focus();
  inputs.title.select();
}

function scheduleDelete(task) {
  flushDeletes();
  pendingDeletes.set(task.id, setTimeout(() => sendDelete(task.id), UNDO_SECONDS * 1000));
  renderTasks();
  toast(`Deleted #${task.id} “${task.title}”.`, () => {
    clearTimeout(pendingDeletes.get(task.id));
    pendingDeletes.delete(task.id);
    renderTasks();
    list.querySelector(`.task[data-id="${task.id}"] .task-delete`)?.focus();
  });
  $("toast-undo").focus();
}

async function sendDelete(id, keepalive = false) {
  clearTimeout(pendingDeletes.get(id));
  pendingDeletes.delete(id);
  try {
    await api("DELETE", `/api/tasks/${id}`, undefined, { keepalive });
    tasks = tasks.filter((task) => task.id !== id);
    loadTags();
  } catch (error) {
    report(error);
    loadTasks();
  }
}

function flushDeletes(keepalive = false) {
  return Promise.all([...pendingDeletes.keys()].map((id) => sendDelete(id, keepalive)));
}

// Leaving the page ends the undo window: the delete still happens.
window.addEventListener("pagehide", () => flushDeletes(true));

$("add-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const title = $("add-title").value.trim();
  if (!title) return $("add-title").focus();
  try {
    await api("POST", "/api/tasks", {
      title,
      priority: $("add-priority").value,
      due_at: fromLocalInput($("add-due").value),
      tags: parseTags($("add-tags").value),
    });
    hideBanner();
    form.reset();
    $("add-title").focus();
    await refreshBoard();
  } catch (error) {
    report(error); // keep what was typed
  }
});

let searchTimer = null;
$("filter-q").addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(loadTasks, 250);
});
for (const id of ["filter-priority", "filter-tag", "filter-due", "sort"]) $(id).addEventListener("change", loadTasks);
for (const radio of document.querySelectorAll('input[name="status"]')) radio.addEventListener("change", loadTasks);
$("sort-order").addEventListener("click", () => {
  const button = $("sort-order");
  button.dataset.order = button.dataset.order === "desc" ? "asc" : "desc";
  button.setAttribute("aria-label", `Sort order: ${button.dataset.order === "desc" ? "descending" : "ascending"}`);
  loadTasks();
});

// --- the chat ---------------------------------------------------------------------------

const log = $("chat-log");
const chatInput = $("chat-input");
let conversationId = null;

function taskSummary(task) {
  let text = `#${task.id} ${task.title}`;
  if (task.due_at) text += ` — due ${describeDue(task.due_at, task.completed).text}`;
  return text;
}

/** One compact line per tool call, e.g. "added #14 Buy milk — due tomorrow 17:00". */
function describeToolCall(call) {
  const result = call.result ?? {};
  if (result.error) return { text: `${call.name.replace("_", " ")}: ${result.error}`, failed: true };
  switch (call.name) {
    case "add_task":
      return { text: `added ${taskSummary(result.task)}` };
    case "complete_task":
      return { text: `completed #${result.task.id} ${result.task.title}` };
    case "update_task":
      return { text: `updated ${taskSummary(result.task)}` };
    case "delete_task":
      return { text: `deleted #${result.deleted.id} ${result.deleted.title}` };
    case "list_tasks": {
      const count = result.count ?? (result.tasks ?? []).length;
      const filters = Object.entries(call.arguments ?? {}).map(([key, value]) => `${key}: ${value}`);
      return { text: `listed ${count} task${count === 1 ? "" : "s"}${filters.length ? ` (${filters.join(", ")})` : ""}` };
    }
    default:
      return { text: call.name };
  }
}

function addMessage(role, content, toolCalls = []) {
  $("chat-intro").hidden = true;
  const message = document.createElement("div");
  message.className = `message ${role}`;
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  bubble.textContent = content;
  message.append(bubble);
  if (toolCalls.length) {
    const lines = document.createElement("ul");
    lines.className = "tool-lines";
    lines.setAttribute("aria-label", "Actions taken");
    for (const call of toolCalls) {
      const line = document.createElement("li");
      const { text, failed } = describeToolCall(call);
      line.className = failed ? "tool-line failed" : "tool-line";
      line.textContent = text;
      lines.append(line);
    }
    message.append(lines);
  }
  log.append(message);
  log.scrollTop = log.scrollHeight;
  return message;
}

function clearChat() {
  for (const message of log.querySelectorAll(".message")) message.remove();
  $("chat-intro").hidden = false;
}

$("chat-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = chatInput.value.trim();
  if (!text) return;
  const send = $("chat-send");
  send.disabled = true;
  const mine = addMessage("user", text);
  const thinking = addMessage("assistant pending", "Thinking…");
  try {
    const body = { message: text, timezone: TIME_ZONE };
    if (conversationId !== null) body.conversation_id = conversationId;
    const answer = await api("POST", "/api/chat", body);
    thinking.remove();
    chatInput.value = "";
    const isNew = conversationId !== answer.conversation_id;
    conversationId = answer.conversation_id;
    addMessage("assistant", answer.reply, answer.tool_calls);
    hideBanner();
    if (answer.tool_calls.length) await refreshBoard();
    if (isNew || !$("history").hidden) loadHistory();
  } catch (error) {
    thinking.remove();
    mine.remove();
    $("chat-intro").hidden = log.querySelector(".message") !== null;
    report(error); // the message stays in the box to send again
  } finally {
    send.disabled = false;
    chatInput.focus();
  }
});

chatInput.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $("chat-form").requestSubmit();
  }
});

for (const suggestion of document.querySelectorAll(".suggestion")) {
  suggestion.addEventListener("click", () => {
    chatInput.value = suggestion.textContent;
    chatInput.focus();
  });
}

$("new-chat").addEventListener("click", () => {
  conversationId = null;
  clearChat();
  markCurrentConversation();
  chatInput.focus();
});

// --- past conversations -----------------------------------------------------------------

function markCurrentConversation() {
  for (const button of document.querySelectorAll(".history-open")) {
    button.setAttribute("aria-current", String(Number(button.dataset.id) === conversationId));
  }
}

async function loadHistory() {
  try {
    const conversations = await api("GET", "/api/conversations");
    $("history-list").replaceChildren(...conversations.map(renderConversation));
    $("history-empty").hidden = conversations.length > 0;
    markCurrentConversation();
  } catch (error) {
    report(error);
  }
}

function renderConversation(conversation) {
  const item = document.createElement("li");
  const open = document.createElement("button");
  open.type = "button";
  open.className = "history-open";
  open.dataset.id = conversation.id;
  const title = document.createElement("span");
  title.className = "title";
  title.textContent = conversation.title || "Untitled";
  const when = document.createElement("span");
  when.className = "when";
  when.textContent = new Date(conversation.updated_at).toLocaleDateString([], { day: "numeric", month: "short" });
  open.append(title, when);
  open.addEventListener("click", () => openConversation(conversation.id));
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "icon-button danger";
  remove.setAttribute("aria-label", `Delete conversation “${conversation.title || "Untitled"}”`);
  remove.innerHTML = $("task-template").content.querySelector(".task-delete svg").outerHTML;
  remove.addEventListener("click", () => deleteConversation(conversation));
  item.append(open, remove);
  return item;
}

async function openConversation(id) {
  try {
    const messages = await api("GET", `/api/conversations/${id}/messages`);
    conversationId = id;
    clearChat();
    for (const message of messages.filter((m) => m.role === "user" || m.role === "assistant")) {
      addMessage(message.role, message.content, message.tool_calls ?? []);
    }
    markCurrentConversation();
    chatInput.focus();
  } catch (error) {
    report(error);
  }
}

async function deleteConversation(conversation) {
  if (!window.confirm(`Delete the conversation “${conversation.title || "Untitled"}”? This cannot be undone.`)) return;
  try {
    await api("DELETE", `/api/conversations/${conversation.id}`);
    if (conversationId === conversation.id) {
      conversationId = null;
      clearChat();
    }
    await loadHistory();
  } catch (error) {
    report(error);
  }
}

$("history-toggle").addEventListener("click", () => {
  const history = $("history");
  history.hidden = !history.hidden;
  $("history-toggle").setAttribute("aria-expanded", String(!history.hidden));
  if (!history.hidden) loadHistory();
});

// --- start ------------------------------------------------------------------------------

loadUser().catch((error) => {
  if (isServiceProblem(error)) report(error);
});
refreshBoard();
