/** A minimal typed event emitter; a listener that throws is reported and does not stop the others. */
export class Emitter {
    constructor() {
        this.listeners = new Map();
    }
    on(name, listener) {
        if (typeof listener !== "function")
            throw new TypeError("The listener must be a function.");
        let set = this.listeners.get(name);
        if (!set)
            this.listeners.set(name, (set = new Set()));
        set.add(listener);
        return () => { set.delete(listener); };
    }
    emit(name, arg) {
        const set = this.listeners.get(name);
        if (!set)
            return;
        for (const listener of [...set]) {
            try {
                listener(arg);
            }
            catch (error) {
                reportListenerError(error);
            }
        }
    }
}
/** Reports an application callback's exception the way the platform does, without breaking the client. */
export function reportListenerError(error) {
    const report = globalThis.reportError;
    if (typeof report === "function")
        report(error);
    else
        console.error(error);
}
