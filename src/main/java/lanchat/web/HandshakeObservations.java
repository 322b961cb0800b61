package lanchat.web;

import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Leaves WebSocket handshakes out of the HTTP request metrics. The request ends at the
 * upgrade, so its timing tells nothing about the session that follows, and observing it
 * (a context, a timer looked up by its tags, a scope) was a few per cent of the server's
 * CPU for each join (bench/run.sh --only join with JFR).
 */
@Configuration(proxyBeanMethods = false)
class HandshakeObservations {

	@Bean
	ObservationPredicate handshakesUnobserved() {
		return (name, context) -> !(context instanceof ServerRequestObservationContext request
				&& isHandshake(request.getCarrier()));
	}

	/** A header alone would let any request leave itself out of the metrics. */
	private static boolean isHandshake(HttpServletRequest request) {
		return "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))
				&& request.getRequestURI().equals(request.getContextPath() + WebSocketConfig.ENDPOINT);
	}

}
