// Agent Dashboard: follows projects over one WebSocket with the ProjectSockets browser client
// (lib/projectsockets, the build of src/projectsockets-client-js). No protocol code here: the client resumes,
// answers heartbeats, splits batches and reports resets; this file turns events into a board.
import { ProjectSocketsClient, CommandError } from "./lib/projectsockets/index.js";
import { applyEvent, createProject } from "./board.js";
import {
  $, logEvent, renderBoard, renderConnection, renderCounts, renderProjectHead, renderProjectList, renderTask, showResult,
} from "./view.js";

const STORAGE_KEY = "agent-dashboard.projects";
const projects = new Map();
let selected = null;
let client = null;
let retryTimer = null;
let lastPosition = "";
let lastEvent = "";

function initialProjects() {
  const fromUrl = new URLSearchParams(location.search).get("projects");
  if (fromUrl) return fromUrl.split(",").map((p) => p.trim()).filter(Boolean);
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null");
    if (Array.isArray(stored) && stored.length) return stored;
  } catch {
    // A damaged entry is ignored.
  }
  return ["demo"];
}

function save() {
  localStorage.setItem(STORAGE_KEY, JSON.stringify([...projects.keys()]));
}

function currentProject() {
  return selected ? projects.get(selected) : null;
}

function refreshProjects() {
  renderProjectList(projects, selected, select);
  renderProjectHead(currentProject());
}

function select(name) {
  selected = name;
  const project = currentProject();
  if (project) project.unread = 0;
  renderBoard(project, cancelTask);
  refreshProjects();
  showResult($("start-result"), "", "");
  showResult($("branch-result"), "", "");
  history.replaceState(null, "", `?projects=${encodeURIComponent([...projects.keys()].join(","))}#${encodeURIComponent(name ?? "")}`);
}

function connectionDetail() {
  const parts = [];
  if (client?.state === "open") {
    parts.push(client.connectionId?.slice(0, 8) ?? "");
    if (client.heartbeat) parts.push(`heartbeat ${client.heartbeat.intervalMs / 1000} s`);
  }
  if (lastEvent) parts.push(`last ${lastEvent}`);
  if (lastPosition) parts.push(lastPosition);
  return parts.filter(Boolean).join(" · ");
}

function updateConnection() {
  renderConnection(client?.state ?? "idle", connectionDetail());
}

/** Creates the client and follows every project; called again when the token changes. */
async function start() {
  clearTimeout(retryTimer);
  if (client) await client.close();
  const token = $("token").value.trim();
  const current = new ProjectSocketsClient({ url: "/ws", token: () => token || undefined });
  client = current;
  current.on("state", (change) => {
    if (current !== client) return;
    if (change.state === "reconnecting") {
      lastPosition = `connection lost${change.closeCode ? ` (${change.closeCode}${change.reason ? ", " + change.reason : ""})` : ""}`;
      logEvent("info", "reconnecting", lastPosition);
    } else if (change.state === "open" && lastPosition.startsWith("connection lost")) {
      lastPosition = "reconnected";
    }
    updateConnection();
  });
  current.on("subscribed", (position) => {
    const project = projects.get(position.project);
    if (!project || current !== client) return;
    project.resumed = position.resumed ? position.recovered : undefined;
    if (position.resumed) {
      lastPosition = `${position.project} ${position.recovered ? "resumed" : "reset"} at #${position.seq}`;
      $("connection").dataset.resume = position.recovered ? "resumed" : "reset";
    }
    updateConnection();
  });
  current.on("event", (event) => {
    logEvent("event", `#${event.seq ?? "–"} ${event.project ?? ""} ${event.event}`, event.data ?? "");
    $("connection").dataset.lastSeq = String(event.seq ?? "");
    lastEvent = `${event.project ?? ""} #${event.seq ?? "–"}`;
    updateConnection();
  });
  current.on("serverError", (error) => logEvent("error", error.code, error.message));
  updateConnection();
  try {
    await current.connect();
  } catch (error) {
    if (current !== client) return;
    lastPosition = `cannot reach the server (${error.message}); retrying`;
    updateConnection();
    retryTimer = setTimeout(start, 3000);
    return;
  }
  await Promise.all([...projects.values()].map((project) => follow(project)));
}

/** Subscribes to one project and wires its events into the board. */
async function follow(project) {
  project.status = "connecting";
  project.error = "";
  refreshProjects();
  const current = client;
  let subscription;
  try {
    subscription = await current.subscribe(project.name);
  } catch (error) {
    if (current !== client) return;
    project.status = error instanceof CommandError && error.code === "forbidden" ? "refused" : "ended";
    project.error = error instanceof CommandError ? `${error.code}: this project is private or not yours.` : error.message;
    logEvent("error", `subscribe ${project.name}`, `${error.code ?? ""} ${error.message}`);
    refreshProjects();
    return;
  }
  project.subscription = subscription;
  project.status = "live";
  project.note = "";
  subscription.on("*", (event) => {
    const task = applyEvent(project, event);
    if (project.name === selected) {
      if (task) renderTask(task, cancelTask);
      renderCounts();
    } else {
      project.unread++;
    }
    refreshProjects();
  });
  subscription.onReset((info) => {
    // Events were missed and this sample has no history API: the board starts again from here, and says so.
    project.tasks.clear();
    project.note = `Missed events while offline (${info.reason === "epoch" ? "the server's history was reset" : "more than its history holds"}): showing what happens from #${info.seq + 1} on.`;
    logEvent("info", `reset ${project.name}`, project.note);
    if (project.name === selected) renderBoard(project, cancelTask);
    refreshProjects();
  });
  subscription.onEnd((error) => {
    if (!error || current !== client) return;
    project.status = error instanceof CommandError && error.code === "forbidden" ? "refused" : "ended";
    project.error = `${error.code ?? ""}: ${error.message}`;
    refreshProjects();
  });
  refreshProjects();
}

function addProject(name) {
  if (projects.has(name)) {
    select(name);
    return;
  }
  const project = createProject(name);
  projects.set(name, project);
  save();
  select(name);
  if (client?.state === "open" || client?.state === "reconnecting") void follow(project);
}

async function removeProject(name) {
  const project = projects.get(name);
  if (!project) return;
  projects.delete(name);
  save();
  await project.subscription?.unsubscribe().catch(() => {});
  select(projects.keys().next().value ?? null);
}

function describeError(error) {
  return error instanceof CommandError ? `${error.code}: ${error.message}` : error.message;
}

async function cancelTask(task) {
  const project = currentProject();
  task.message = { kind: "pending", text: "Cancelling…" };
  renderTask(task, cancelTask);
  try {
    await client.invoke("cancel_execution", { taskId: task.id }, { project: project.name });
    task.message = null;
  } catch (error) {
    task.message = { kind: "bad", text: describeError(error) };
  }
  if (project.name === selected) renderTask(task, cancelTask);
}

$("start-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const project = currentProject();
  if (!project) return;
  const output = $("start-result");
  showResult(output, "pending", "Starting…");
  try {
    const { taskId } = await client.invoke("start_task", { title: $("task-title").value }, { project: project.name });
    showResult(output, "ok", `Started ${taskId}`);
  } catch (error) {
    showResult(output, "bad", describeError(error));
  }
});

$("branch-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const project = currentProject();
  if (!project) return;
  const output = $("branch-result");
  showResult(output, "pending", "Creating…");
  try {
    const { name } = await client.invoke("create_branch", { name: $("branch-name").value.trim() }, { project: project.name });
    showResult(output, "ok", `Created ${name}`);
    $("branches-panel").open = true;
  } catch (error) {
    showResult(output, "bad", describeError(error));
  }
});

$("follow-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const name = $("follow-name").value.trim();
  $("follow-error").textContent = "";
  if (!/^[A-Za-z0-9._:-]{1,128}$/.test(name) || name === "." || name === "..") {
    $("follow-error").textContent = "1 to 128 of A-Z a-z 0-9 . _ : -";
    return;
  }
  $("follow-name").value = "";
  addProject(name);
});

$("unfollow").addEventListener("click", () => { if (selected) void removeProject(selected); });
$("token-form").addEventListener("submit", (e) => { e.preventDefault(); void start(); });
$("retry").addEventListener("click", () => void start());

for (const name of initialProjects()) projects.set(name, createProject(name));
const wanted = decodeURIComponent(location.hash.slice(1));
select(projects.has(wanted) ? wanted : projects.keys().next().value);
void start();
