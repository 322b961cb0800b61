package lanchat.web;

import java.util.List;

import lanchat.LanchatProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import tools.jackson.databind.json.JsonMapper;

/**
 * STOMP 1.2 over a plain WebSocket at {@code /ws}: {@code /app} for the server's own
 * handlers, the destinations the server writes itself ({@link DirectDestinations}),
 * heart-beats, and the interceptors that authenticate and authorise every frame.
 */
@Configuration
@EnableWebSocketMessageBroker
class WebSocketConfig implements WebSocketMessageBrokerConfigurer, DisposableBean {

	/** Where clients open their STOMP WebSocket. */
	static final String ENDPOINT = "/ws";

	/**
	 * Frames from clients: quick work (checks, a few database reads at most) on a few
	 * threads; slow password hashes run elsewhere ({@link StompAdmission}).
	 */
	private final ThreadPoolTaskExecutor inboundExecutor = executor("stomp-in-", 4);

	/** Frames to clients: see {@link #configureClientOutboundChannel}. */
	private final ThreadPoolTaskExecutor outboundExecutor = executor("stomp-out-", 32);

	private final LanchatProperties.Limits limits;

	private final List<String> allowedOrigins;

	private final StompGate gate;

	private final DirectDestinations destinations;

	private final WaitingPrivateMessages waitingPrivateMessages;

	private final StompErrorHandler errors;

	private final StompSessions sessions;

	private final StompAdmission admission;

	private final StompHeartbeats heartbeats;

	private final JsonMapper json;

	private final HandshakeLimit handshakeLimit;

	/**
	 * Spring's simple broker delivers nothing here: every destination clients subscribe
	 * to is written by {@link DirectDestinations}, and heart-beats are
	 * {@link StompHeartbeats}'. It stays because Spring's STOMP support needs a broker to
	 * answer CONNECT (the CONNECTED frame) and DISCONNECT (its receipt), and has no other
	 * way to do that. Its only destination prefix is one that no destination has (the
	 * {@link lanchat.security} checks let clients reach only the contract's), so it
	 * records no subscriptions: not the topics, nor the per-session queues that Spring's
	 * user destination handler turns {@code /user/queue/...} into.
	 */
	static final String BROKER_DELIVERS_NOTHING = "/lanchat-broker-delivers-nothing/";

	WebSocketConfig(LanchatProperties properties, StompGate gate, DirectDestinations destinations,
			WaitingPrivateMessages waitingPrivateMessages, StompErrorHandler errors, StompSessions sessions,
			StompAdmission admission, StompHeartbeats heartbeats, JsonMapper json, HandshakeLimit handshakeLimit) {
		this.limits = properties.limits();
		this.allowedOrigins = properties.allowedOrigins();
		this.gate = gate;
		this.destinations = destinations;
		this.waitingPrivateMessages = waitingPrivateMessages;
		this.errors = errors;
		this.sessions = sessions;
		this.admission = admission;
		this.heartbeats = heartbeats;
		this.json = json;
		this.handshakeLimit = handshakeLimit;
	}

	private static ThreadPoolTaskExecutor executor(String prefix, int threads) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix(prefix);
		executor.setCorePoolSize(threads);
		executor.setMaxPoolSize(threads);
		executor.setAllowCoreThreadTimeOut(true);
		executor.initialize();
		return executor;
	}

	/**
	 * Stops the channel threads with the application; the broker has stopped sending by
	 * then.
	 */
	@Override
	public void destroy() {
		inboundExecutor.shutdown();
		outboundExecutor.shutdown();
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		var endpoint = registry.addEndpoint(ENDPOINT).addInterceptors(new ClientAddressInterceptor(), handshakeLimit);
		if (!allowedOrigins.isEmpty()) {
			// the page's own origin is always allowed; these are extra
			endpoint.setAllowedOriginPatterns(allowedOrigins.toArray(String[]::new));
		}
		registry.setErrorHandler(errors);
		registry.setPreserveReceiveOrder(true);
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		// no task scheduler: with one, the broker would send heart-beats of its own
		registry.enableSimpleBroker(BROKER_DELIVERS_NOTHING);
		registry.setApplicationDestinationPrefixes("/app");
		registry.setUserDestinationPrefix("/user");
		registry.setPreservePublishOrder(true);
	}

	@Override
	public void configureClientInboundChannel(ChannelRegistration registration) {
		registration.interceptors(gate, destinations, waitingPrivateMessages, admission);
		registration.executor(inboundExecutor);
	}

	/**
	 * Outbound threads may each be stuck for up to the send time limit on a client that
	 * stopped reading, so there are enough of them that a few such clients cannot hold up
	 * everyone else.
	 */
	@Override
	public void configureClientOutboundChannel(ChannelRegistration registration) {
		registration.interceptors(heartbeats);
		registration.executor(outboundExecutor);
	}

	@Override
	public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
		registration.setMessageSizeLimit(limits.frameSize())
			.setSendBufferSizeLimit(limits.sendBufferSize())
			.setSendTimeLimit((int) limits.sendTimeLimit().toMillis())
			.addDecoratorFactory(sessions::track)
			// outermost: a socket is counted before anything else sees it
			.addDecoratorFactory(admission::track);
	}

	@Override
	public boolean configureMessageConverters(List<MessageConverter> converters) {
		// first: Boot's own configuration may have put its JSON converter in already
		converters.add(0, new EncodedJsonConverter());
		converters.add(new JacksonJsonMessageConverter(json));
		return false;
	}

}
