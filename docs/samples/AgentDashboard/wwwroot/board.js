// The dashboard's model of one project: tasks by state, built from the project's events.

/** Where a task stands, from its events. */
export const COLUMNS = ["running", "gate", "completed", "cancelled"];

export function createProject(name) {
  return {
    name,
    status: "connecting", // connecting | live | refused | ended
    error: "",
    note: "",
    lastSeq: 0,
    resumed: undefined, // undefined: first subscription; true: resumed; false: reset
    unread: 0,
    tasks: new Map(),
    branches: [],
    subscription: null,
  };
}

function task(project, taskId, title) {
  let t = project.tasks.get(taskId);
  if (!t) {
    t = { id: taskId, title: title ?? "(task already running when you joined)", state: "running", output: [], gates: [], signals: [], message: null, seq: 0 };
    project.tasks.set(taskId, t);
  }
  if (title) t.title = title;
  return t;
}

/**
 * Applies one event to the project; returns the task it changed, if any. Unknown events are left to the log.
 */
export function applyEvent(project, event) {
  project.lastSeq = event.seq ?? project.lastSeq;
  const data = event.data ?? {};
  if (event.event === "branch_created") {
    project.branches.unshift({ name: data.name, from: data.from, seq: event.seq });
    return null;
  }
  if (typeof data.taskId !== "string") return null;
  const t = task(project, data.taskId, data.title);
  t.seq = event.seq ?? t.seq;
  switch (event.event) {
    case "task_started":
      t.state = "running";
      break;
    case "agent_output":
      t.output.push({ seq: event.seq, line: String(data.line ?? "") });
      break;
    case "gate_running":
      t.state = "gate";
      t.gates.push(String(data.gate ?? "gate"));
      break;
    case "signal_detected":
      t.signals.push(String(data.signal ?? "signal"));
      break;
    case "task_completed":
      t.state = "completed";
      break;
    case "task_cancelled":
      t.state = "cancelled";
      break;
    default:
      return null;
  }
  return t;
}
