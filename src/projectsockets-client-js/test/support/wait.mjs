// Waiting for conditions, never for time to pass: each wait checks its condition until it holds or the deadline.

/** Resolves once `condition()` is truthy; rejects after `timeoutMs` with `what` and the last state. */
export async function waitFor(condition, what, timeoutMs = 30000, describe = () => "") {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}. ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves with the first `name` event of `client` that `predicate` accepts. */
export function nextClientEvent(client, name, predicate = () => true, timeoutMs = 30000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error(`no '${name}' within ${timeoutMs} ms`)); }, timeoutMs);
    const off = client.on(name, (value) => {
      if (!predicate(value)) return;
      clearTimeout(timer);
      off();
      resolve(value);
    });
  });
}
