// Compiled (never run) by test/unit/types.test.mjs: the published declarations serve a TypeScript application.
import {
  ProjectSocketsClient, CommandError, ConnectionError, type ProjectEvent, type ResetInfo, type StateChange,
} from "@projectsockets/client";

interface AgentOutput { taskId: string; line: string }

export async function follow(): Promise<string> {
  const client = new ProjectSocketsClient({ url: "wss://example.invalid/ws", token: async () => "t", reconnect: { maxAttempts: 5 } });
  client.on("state", (change: StateChange) => console.log(change.state, change.closeCode));
  client.on("reset", (info: ResetInfo) => console.log(info.reason, info.lastSeq));
  await client.connect();
  const p1 = await client.subscribe("p1", { events: ["agent_*"] });
  const off: () => void = p1.on<AgentOutput>("agent_output", (e: ProjectEvent<AgentOutput>) => console.log(e.seq, e.data.line));
  off();
  for await (const event of p1) {
    if (event.event === "task_completed") break;
  }
  try {
    const { taskId } = await client.invoke<{ taskId: string }>("start_task", { title: "x" }, { project: "p1", timeoutMs: 5000 });
    return taskId;
  } catch (error) {
    if (error instanceof CommandError) return error.code;
    if (error instanceof ConnectionError) return `${error.code} ${error.closeCode ?? ""}`;
    throw error;
  } finally {
    await p1.unsubscribe();
    await client.close();
  }
}
