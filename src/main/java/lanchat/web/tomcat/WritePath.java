package lanchat.web.tomcat;

/**
 * How a session's queued frames reach its socket: the setting
 * {@code lanchat.websocket.writes}.
 */
public enum WritePath {

	/**
	 * What is waiting for a session goes to its socket in one gathering write, through
	 * the asynchronous socket write Tomcat itself uses under its WebSocket API. That
	 * write, and the permit Tomcat guards it with, are not public: they are looked up by
	 * name when the server starts ({@link GatheringWrites}), and write completions run in
	 * place on Tomcat's own pool ({@link WriteCompletions}). The default.
	 */
	GATHERING,

	/**
	 * The Jakarta WebSocket API only: the frames are sent with the session's batching
	 * allowed ({@code RemoteEndpoint.setBatchingAllowed}), which Tomcat collects in its
	 * output buffer, and then flushed ({@link BatchingWrites}). Nothing of Tomcat's
	 * beyond its public API and documented settings is used.
	 */
	BATCHING

}
