// Rendering: the DOM is updated per change (a card, a column count, the project list), never rebuilt whole.
import { COLUMNS } from "./board.js";

export const $ = (id) => document.getElementById(id);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("data-") || key.startsWith("aria-") || key === "title" || key === "type") node.setAttribute(key, String(value));
    else node[key] = value;
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

const STATE_LABELS = { running: "Running", gate: "At a gate", completed: "Completed", cancelled: "Cancelled" };

/** Draws (or redraws) a task's card and puts it in its column, newest first. */
export function renderTask(task, onCancel) {
  const id = `task-${task.id}`;
  let card = document.getElementById(id);
  if (!card) card = el("article", { id, class: "card", "data-task-id": task.id });
  card.dataset.state = task.state;
  const canCancel = task.state === "running" || task.state === "gate";
  const badges = el("div", { class: "badges" },
    el("span", { class: `badge state-${task.state}` }, STATE_LABELS[task.state]),
    ...task.gates.map((gate) => el("span", { class: "badge gate", title: "gate" }, `gate: ${gate}`)),
    ...task.signals.map((signal) => el("span", { class: "badge signal", title: "signal" }, `⚑ ${signal}`)));
  const output = el("ol", { class: "output", "aria-label": "Agent output" },
    ...task.output.map((o) => el("li", { class: "line", "data-seq": o.seq }, o.line)));
  const footer = el("div", { class: "card-footer" },
    el("code", { class: "task-id", title: task.id }, task.id),
    canCancel ? el("button", { type: "button", class: "danger small cancel", onclick: () => onCancel(task) }, "Cancel") : null);
  const message = task.message ? el("p", { class: `card-message ${task.message.kind}`, role: "status" }, task.message.text) : null;
  card.replaceChildren(...[el("h4", { class: "card-title" }, task.title), badges, output, message, footer].filter(Boolean));
  const column = document.querySelector(`[data-column="${task.state}"] .cards`);
  if (card.parentElement !== column) column.prepend(card);
}

export function renderBoard(project, onCancel) {
  for (const name of COLUMNS) document.querySelector(`[data-column="${name}"] .cards`).replaceChildren();
  if (project) for (const task of project.tasks.values()) renderTask(task, onCancel);
  renderCounts();
}

export function renderCounts() {
  for (const name of COLUMNS) {
    const column = document.querySelector(`[data-column="${name}"]`);
    column.querySelector(".count").textContent = String(column.querySelectorAll(".card").length);
  }
}

const PROJECT_STATUS = {
  connecting: ["Connecting", "pending"],
  live: ["Live", "ok"],
  refused: ["🔒 Refused", "bad"],
  ended: ["Ended", "bad"],
};

export function renderProjectList(projects, selected, onSelect) {
  const list = $("project-list");
  list.replaceChildren(...[...projects.values()].map((p) => {
    const running = [...p.tasks.values()].filter((t) => t.state === "running" || t.state === "gate").length;
    const [label, kind] = PROJECT_STATUS[p.status];
    return el("li", {},
      el("button", {
        type: "button", class: `project${p.name === selected ? " selected" : ""}`, "data-project": p.name, "data-status": p.status,
        "aria-current": p.name === selected ? "page" : undefined, onclick: () => onSelect(p.name),
      },
      el("span", { class: "project-label" }, p.name),
      el("span", { class: `badge ${kind}` }, label),
      running ? el("span", { class: "badge running-count", title: "tasks running" }, `${running} running`) : null,
      p.unread && p.name !== selected ? el("span", { class: "badge unread", title: "new events" }, String(p.unread)) : null));
  }));
}

export function renderProjectHead(project) {
  $("project-name").textContent = project ? project.name : "Follow a project";
  const status = $("project-status");
  const [label, kind] = project ? PROJECT_STATUS[project.status] : ["", ""];
  status.textContent = label;
  status.className = `badge ${kind}`;
  status.dataset.status = project?.status ?? "";
  const note = $("project-note");
  const text = project?.status === "refused" ? `${project.error} Enter the project's token above and press Apply.` : project?.note ?? "";
  note.textContent = text;
  note.hidden = !text;
  note.className = `note${project?.status === "refused" ? " bad" : ""}`;
  $("unfollow").hidden = !project;
  const branches = project?.branches ?? [];
  $("branch-count").textContent = String(branches.length);
  $("branches").replaceChildren(...branches.map((b) => el("li", { "data-branch": b.name }, el("code", {}, b.name), ` from ${b.from ?? "main"} · #${b.seq}`)));
}

const CONNECTION_TEXT = { idle: "Starting…", connecting: "Connecting…", open: "Live", reconnecting: "Reconnecting…", closed: "Offline" };

export function renderConnection(state, detail) {
  const box = $("connection");
  box.dataset.state = state;
  $("connection-text").textContent = CONNECTION_TEXT[state] ?? state;
  $("connection-detail").textContent = detail;
  $("retry").hidden = state !== "closed";
  for (const button of document.querySelectorAll("[data-needs-live]")) button.disabled = state !== "open";
}

export function showResult(output, kind, text) {
  output.className = `result ${kind}`;
  output.textContent = text;
}

const MAX_LOG = 300;

export function logEvent(kind, label, detail) {
  const item = el("li", { class: `log-${kind}` },
    el("time", {}, new Date().toLocaleTimeString()), " ",
    el("span", { class: "log-label" }, label), " ",
    el("span", { class: "log-detail" }, typeof detail === "string" ? detail : JSON.stringify(detail)));
  const log = $("log");
  log.prepend(item);
  while (log.children.length > MAX_LOG) log.lastChild.remove();
}
