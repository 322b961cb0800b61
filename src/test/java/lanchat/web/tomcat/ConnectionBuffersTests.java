package lanchat.web.tomcat;

import java.lang.reflect.Field;

import lanchat.support.IntegrationTest;
import lanchat.support.StompTestClient;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running server uses the small per-connection buffers, however it was started (the
 * WebSocket size is a system property that must be set before Tomcat's WebSocket classes
 * load).
 */
class ConnectionBuffersTests extends IntegrationTest {

	@Autowired
	private WebServerApplicationContext context;

	@Test
	void theServerRunsWithSmallPerConnectionBuffers() throws ReflectiveOperationException {
		Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
		assertThat(String.valueOf(connector.getProperty("socket.appReadBufSize")))
			.isEqualTo(String.valueOf(ConnectionBuffers.SOCKET_BUFFER));
		assertThat(String.valueOf(connector.getProperty("socket.appWriteBufSize")))
			.isEqualTo(String.valueOf(ConnectionBuffers.SOCKET_BUFFER));
		// what Tomcat loaded, not just what was asked for: it reads the property once,
		// when the class loads
		Field loaded = Class.forName("org.apache.tomcat.websocket.Constants").getDeclaredField("DEFAULT_BUFFER_SIZE");
		loaded.setAccessible(true);
		assertThat(loaded.getInt(null)).isEqualTo(1024);
	}

	@Test
	void aMessageLargerThanEveryBufferStillArrivesWhole() {
		// up to 4 bytes a character and escapes in the JSON: several KiB each way, in 1
		// KiB pieces
		String content = "長😀\"\\".repeat(400);
		String sender = name("sender");
		try (StompTestClient receiver = connect(name("receiver")).listen(); StompTestClient from = connect(sender)) {
			from.say(content);
			assertThat(receiver.publicMessage(sender, content).path("content").asString()).isEqualTo(content);
		}
	}

}
