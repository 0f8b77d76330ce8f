// A TCP proxy in front of the server, so a test can cut connections the way a network does (no close frame), hold
// new ones off for a while, or point them at a restarted server.
import { createServer, connect } from "node:net";

export async function startProxy(targetPort) {
  let target = targetPort;
  let refusing = false;
  let accepted = 0;
  const live = new Set();
  const server = createServer((incoming) => {
    if (refusing) {
      incoming.destroy();
      return;
    }
    accepted++;
    const outgoing = connect(target, "127.0.0.1");
    const pair = { incoming, outgoing };
    live.add(pair);
    const end = () => {
      live.delete(pair);
      incoming.destroy();
      outgoing.destroy();
    };
    incoming.on("error", end).on("close", end);
    outgoing.on("error", end).on("close", end);
    incoming.pipe(outgoing);
    outgoing.pipe(incoming);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = server.address().port;
  return {
    port,
    http: `http://127.0.0.1:${port}`,
    ws: `ws://127.0.0.1:${port}`,
    /** How many connections were let through so far. */
    get accepted() { return accepted; },
    get liveConnections() { return live.size; },
    /** Drops every open connection at once, both ways, without a WebSocket close. */
    cut() {
      for (const { incoming, outgoing } of [...live]) {
        incoming.destroy();
        outgoing.destroy();
      }
      live.clear();
    },
    /** Refuses new connections (they are closed at once) until `accept()`. */
    refuse() { refusing = true; },
    accept() { refusing = false; },
    retarget(port) { target = port; },
    async close() {
      this.cut();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
