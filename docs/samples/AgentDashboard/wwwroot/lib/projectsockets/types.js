/** The subprotocol the client offers: ProjectSockets wire protocol version 1. */
export const SUBPROTOCOL = "projectsockets.v1";
