import { waitFor } from "./wait.mjs";

/**
 * Runs `total` simulated tasks on `project` through the sample's `start_task`, at most `inFlight` at a time, spread
 * over the `drivers` (each connection has its own command rate). `observer` is a subscription to the project that
 * sees `task_completed`. Resolves when every task has completed.
 */
export async function runTasks({ drivers, observer, project, total, inFlight = 30 }) {
  let started = 0;
  let completed = 0;
  let wake = () => {};
  const off = observer.on("task_completed", () => { completed++; wake(); });
  try {
    while (started < total) {
      if (started - completed >= inFlight) {
        await new Promise((resolve) => { wake = resolve; });
        continue;
      }
      const driver = drivers[started % drivers.length];
      started++;
      await driver.invoke("start_task", { title: `task ${started}` }, { project });
    }
    await waitFor(() => completed >= total, `${total} tasks to complete on ${project}`, 60000, () => `completed: ${completed}`);
  } finally {
    off();
  }
}
