package lanchat.web.tomcat;

import lanchat.LanchatProperties;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.ProtocolHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Puts {@link AcceptedConnections} on every connector at accept time, and gives every
 * connector the same time-outs and connection count as the main one (Spring Boot's
 * {@code server.tomcat.*} settings reach the main connector only), with room for HTTP
 * above the chat's own {@code lanchat.limits.max-connections}: a full chat must still
 * serve its page and say it is full.
 * <p>
 * The HTTPS connector is made with {@link #PROTOCOL}; everything else is set here.
 */
@Component
public class AcceptCap implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	/** The protocol every connector is made with, so that the cap can be put on it. */
	public static final String PROTOCOL = CappedHttp11NioProtocol.class.getName();

	/** Connections beyond the chat's own limit for page loads, API calls and refusals. */
	static final int HTTP_HEADROOM = 1000;

	private static final Logger log = LoggerFactory.getLogger(AcceptCap.class);

	private final AcceptedConnections gate;

	private final int chatConnections;

	AcceptCap(AcceptedConnections gate, LanchatProperties properties) {
		this.gate = gate;
		this.chatConnections = properties.limits().maxConnections();
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.setProtocol(PROTOCOL);
		// runs when the server is made, after Spring Boot's own connector settings (added
		// before this, as this
		// customizer comes last) and once every connector exists
		factory.addConnectorCustomizers(main -> {
			ProtocolHandler handler = main.getProtocolHandler();
			raiseConnectionCount(handler);
			cap(handler);
			for (Connector additional : factory.getAdditionalConnectors()) {
				copySettings(handler, additional.getProtocolHandler());
				cap(additional.getProtocolHandler());
			}
		});
	}

	private void cap(ProtocolHandler handler) {
		if (!(handler instanceof CappedHttp11NioProtocol capped)) {
			throw new IllegalStateException("a connector was made with " + handler.getClass().getName() + ", not "
					+ PROTOCOL + ": connections to it could not be capped per address");
		}
		capped.gate(gate);
	}

	private void raiseConnectionCount(ProtocolHandler handler) {
		if (handler instanceof AbstractProtocol<?> protocol && protocol.getMaxConnections() != -1
				&& protocol.getMaxConnections() < chatConnections + HTTP_HEADROOM) {
			log.warn(
					"server.tomcat.max-connections ({}) leaves no room for HTTP above lanchat.limits.max-connections "
							+ "({}); using {}",
					protocol.getMaxConnections(), chatConnections, chatConnections + HTTP_HEADROOM);
			protocol.setMaxConnections(chatConnections + HTTP_HEADROOM);
		}
	}

	private static void copySettings(ProtocolHandler main, ProtocolHandler additional) {
		if (main instanceof AbstractProtocol<?> from && additional instanceof AbstractProtocol<?> to) {
			to.setMaxConnections(from.getMaxConnections());
			to.setConnectionTimeout(from.getConnectionTimeout());
			to.setKeepAliveTimeout(from.getKeepAliveTimeout());
		}
	}

	@Override
	public int getOrder() {
		// after Spring Boot's customizer, whose protocol settings this one's must follow
		return Ordered.LOWEST_PRECEDENCE;
	}

}
