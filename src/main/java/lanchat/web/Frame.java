package lanchat.web;

/**
 * A STOMP frame encoded once, ready to be queued for any number of sessions.
 *
 * @param text the whole frame, as written to the WebSocket
 * @param bytes its length in UTF-8, which is what counts against a client's send buffer
 */
record Frame(String text, int bytes) {
}
