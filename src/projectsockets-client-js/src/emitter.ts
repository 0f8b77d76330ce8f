/** A minimal typed event emitter; a listener that throws is reported and does not stop the others. */
export class Emitter<Events extends { [K in keyof Events]: (arg: any) => void }> {
  private readonly listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  on<K extends keyof Events>(name: K, listener: Events[K]): () => void {
    if (typeof listener !== "function") throw new TypeError("The listener must be a function.");
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => { set!.delete(listener); };
  }

  emit<K extends keyof Events>(name: K, arg: Parameters<Events[K]>[0]): void {
    const set = this.listeners.get(name);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (a: unknown) => void)(arg);
      } catch (error) {
        reportListenerError(error);
      }
    }
  }
}

/** Reports an application callback's exception the way the platform does, without breaking the client. */
export function reportListenerError(error: unknown): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof report === "function") report(error);
  else console.error(error);
}
