/** Base of every error the client raises; `code` tells what happened. */
export class ProjectSocketsError extends Error {
  /** A protocol error code (`forbidden`, `invalid_args`, …) or one of the client's own (`not_connected`, …). */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = "ProjectSocketsError";
    this.code = code;
  }
}

/** The server answered a command with `ok: false`; `code` is the protocol error code or the handler's own. */
export class CommandError extends ProjectSocketsError {
  /** The command that failed. */
  readonly command: string;
  /** The project it was about, if any. */
  readonly project?: string;
  /** Whether this is the remembered outcome of an earlier copy of the command (sent again after a reconnect). */
  readonly replayed: boolean;

  constructor(command: string, project: string | undefined, code: string, message: string, replayed = false) {
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
  /** The WebSocket close code, when one ended the connection. */
  readonly closeCode?: number;

  constructor(code: string, message: string, closeCode?: number) {
    super(code, message);
    this.name = "ConnectionError";
    this.closeCode = closeCode;
  }
}

/** No result arrived within the timeout (`client_timeout`); the command may still run on the server. */
export class CommandTimeoutError extends ProjectSocketsError {
  readonly command: string;

  constructor(command: string, timeoutMs: number) {
    super("client_timeout", `No result for '${command}' within ${timeoutMs} ms.`);
    this.name = "CommandTimeoutError";
    this.command = command;
  }
}
