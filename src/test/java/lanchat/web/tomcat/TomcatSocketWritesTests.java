package lanchat.web.tomcat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.websocket.Session;
import lanchat.support.IntegrationTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * A write that fails because the client went away drops the session, which limits how
 * long its close may block; by then Tomcat's session may be closed, and a closed session
 * refuses to show its properties (the reconnect storm's log had that as an uncaught
 * exception on Tomcat's threads).
 */
class TomcatSocketWritesTests extends IntegrationTest {

	@Autowired
	private SocketWrites sockets;

	@Test
	void anOpenSessionGetsTheLimit() {
		Map<String, Object> properties = new HashMap<>();
		sockets.limitBlockingWrites(session(true, properties), Duration.ofMillis(250));
		assertThat(properties).containsEntry("org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT", 250L);
	}

	@Test
	void aClosedSessionIsLeftAlone() {
		assertThatNoException()
			.isThrownBy(() -> sockets.limitBlockingWrites(session(false, null), Duration.ofMillis(100)));
	}

	@Test
	void aSessionClosedBetweenTheCheckAndTheLimitIsLeftAlone() {
		assertThatNoException()
			.isThrownBy(() -> sockets.limitBlockingWrites(session(true, null), Duration.ofMillis(100)));
	}

	/**
	 * A session as Tomcat's {@code WsSession} behaves: with no properties to show
	 * ({@code null}: it has been closed) {@code getUserProperties()} throws
	 * {@link IllegalStateException}; {@code isOpen()} says what it was last told.
	 */
	private static StandardWebSocketSession session(boolean open, @Nullable Map<String, Object> properties) {
		Session tomcatLike = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(),
				new Class<?>[] { Session.class }, (proxy, method, args) -> switch (method.getName()) {
					case "isOpen" -> open;
					case "getId" -> "s1";
					case "getUserProperties" -> {
						if (properties == null) {
							throw new IllegalStateException("The WebSocket session [s1] has been closed");
						}
						yield properties;
					}
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					default -> null;
				});
		StandardWebSocketSession session = new StandardWebSocketSession(new HttpHeaders(), Map.of(), null, null);
		session.initializeNativeSession(tomcatLike);
		return session;
	}

}
