package lanchat.web;

import java.util.List;

import lanchat.LanchatProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import tools.jackson.databind.json.JsonMapper;

/**
 * STOMP 1.2 over a plain WebSocket at {@code /ws}: the in-memory broker for {@code /topic} and
 * {@code /queue}, user destinations, {@code /app} for the server's own handlers, heart-beats, and the
 * interceptors that authenticate and authorise every frame.
 */
@Configuration
@EnableWebSocketMessageBroker
class WebSocketConfig implements WebSocketMessageBrokerConfigurer {

	private final LanchatProperties.Limits limits;

	/** What the server offers: heart-beats every {@code lanchat.heartbeat} (10 s) each way. */
	private final long[] heartbeat;

	private final StompGate gate;

	private final WaitingPrivateMessages waitingPrivateMessages;

	private final StompErrorHandler errors;

	private final StompSessions sessions;

	private final ThreadPoolTaskScheduler brokerScheduler;

	private final JsonMapper json;

	WebSocketConfig(LanchatProperties properties, StompGate gate,
			WaitingPrivateMessages waitingPrivateMessages, StompErrorHandler errors, StompSessions sessions,
			ThreadPoolTaskScheduler taskScheduler, JsonMapper json) {
		this.limits = properties.limits();
		this.heartbeat = new long[] { properties.heartbeat().toMillis(), properties.heartbeat().toMillis() };
		this.gate = gate;
		this.waitingPrivateMessages = waitingPrivateMessages;
		this.errors = errors;
		this.sessions = sessions;
		this.brokerScheduler = taskScheduler;
		this.json = json;
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/ws");
		registry.setErrorHandler(errors);
		registry.setPreserveReceiveOrder(true);
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		registry.enableSimpleBroker("/topic", "/queue").setHeartbeatValue(heartbeat).setTaskScheduler(brokerScheduler);
		registry.setApplicationDestinationPrefixes("/app");
		registry.setUserDestinationPrefix("/user");
		registry.setPreservePublishOrder(true);
	}

	@Override
	public void configureClientInboundChannel(ChannelRegistration registration) {
		registration.interceptors(gate, waitingPrivateMessages);
	}

	@Override
	public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
		registration.setMessageSizeLimit(limits.frameSize())
			.setSendBufferSizeLimit(limits.sendBufferSize())
			.setSendTimeLimit((int) limits.sendTimeLimit().toMillis())
			.addDecoratorFactory(sessions::track);
	}

	@Override
	public boolean configureMessageConverters(List<MessageConverter> converters) {
		converters.add(new JacksonJsonMessageConverter(json));
		return false;
	}

	/**
	 * The container must accept WebSocket messages larger than the STOMP frame limit, so that an
	 * oversized frame reaches STOMP and gets a proper ERROR instead of a bare close.
	 */
	@Bean
	ServletServerContainerFactoryBean webSocketContainer() {
		ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
		container.setMaxTextMessageBufferSize(limits.frameSize() * 2);
		container.setMaxBinaryMessageBufferSize(limits.frameSize() * 2);
		return container;
	}

}
