/** Base of every error the client raises; `code` tells what happened. */
export class ProjectSocketsError extends Error {
    constructor(code, message) {
        super(message);
        this.name = "ProjectSocketsError";
        this.code = code;
    }
}
/** The server answered a command with `ok: false`; `code` is the protocol error code or the handler's own. */
export class CommandError extends ProjectSocketsError {
    constructor(command, project, code, message, replayed = false) {
        super(code, message);
        this.name = "CommandError";
        this.command = command;
        this.project = project;
        this.replayed = replayed;
    }
}
/**
 * The connection did not carry the request: `not_connected` (nothing was sent), `connection_lost` (sent, then the
 * connection dropped: the command may or may not have run), `connect_failed`, `closed` (the client was closed).
 */
export class ConnectionError extends ProjectSocketsError {
    constructor(code, message, closeCode) {
        super(code, message);
        this.name = "ConnectionError";
        this.closeCode = closeCode;
    }
}
/** No result arrived within the timeout (`client_timeout`); the command may still run on the server. */
export class CommandTimeoutError extends ProjectSocketsError {
    constructor(command, timeoutMs) {
        super("client_timeout", `No result for '${command}' within ${timeoutMs} ms.`);
        this.name = "CommandTimeoutError";
        this.command = command;
    }
}
