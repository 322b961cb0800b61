package lanchat.web.tomcat;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * Keeps what every open connection costs small. Tomcat gives each connection buffers of 8
 * KiB or more, up front and for as long as it is open: socket read and write buffers, and
 * for a WebSocket an input, an output and an encoding buffer plus a text and a binary
 * message buffer. An idle chat connection needs none of that room: chat frames are a few
 * hundred bytes, and larger ones are read in parts (the STOMP endpoint takes messages in
 * parts) and written in several pieces. With these sizes an idle session costs roughly a
 * quarter of Tomcat's default (measured in docs/benchmarks.md).
 * <p>
 * Every size here is a documented setting of Tomcat's (connector attributes, the system
 * property {@value #WEBSOCKET_BUFFER_PROPERTY}) or of the WebSocket API: none reaches
 * Tomcat's non-public members.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionBuffers implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	/** Socket read and write buffers per connection (Tomcat's default is 8 KiB each). */
	static final int SOCKET_BUFFER = 2 * 1024;

	/** WebSocket text and binary message buffers per session, in characters and bytes. */
	static final int MESSAGE_BUFFER = 1024;

	/**
	 * Tomcat's WebSocket input, output and encoding buffers per session (default 8 KiB
	 * each).
	 */
	private static final String WEBSOCKET_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	private static final String WEBSOCKET_BUFFER = String.valueOf(1024);

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addConnectorCustomizers(connector -> {
			connector.setProperty("socket.appReadBufSize", String.valueOf(SOCKET_BUFFER));
			connector.setProperty("socket.appWriteBufSize", String.valueOf(SOCKET_BUFFER));
		});
	}

	/**
	 * The container's default message buffers, allocated per connection, stay small
	 * whatever the frame limit; {@link SocketWrites#keepBuffersSmall} sets them back once
	 * STOMP has raised them.
	 */
	@Bean
	ServletServerContainerFactoryBean webSocketContainer() {
		ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
		container.setMaxTextMessageBufferSize(MESSAGE_BUFFER);
		container.setMaxBinaryMessageBufferSize(MESSAGE_BUFFER);
		return container;
	}

	/**
	 * Tomcat reads its WebSocket buffer size once, from a system property, when its
	 * WebSocket classes load; so it is set before the application context (and with it
	 * the server) starts. Registered in {@code META-INF/spring.factories}, so it applies
	 * however the app is started. A size given with {@code -D} wins.
	 */
	static class BeforeStart implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			if (System.getProperty(WEBSOCKET_BUFFER_PROPERTY) == null) {
				System.setProperty(WEBSOCKET_BUFFER_PROPERTY, WEBSOCKET_BUFFER);
			}
		}

	}

}
