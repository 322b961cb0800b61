package lanchat.delivery;

/**
 * How a connection reaches the server.
 */
public enum Transport {

	/** STOMP over a WebSocket: the page and third-party clients. */
	STOMP,

	/** The seed's Python clients over plain TCP. */
	TCP

}
