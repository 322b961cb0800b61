package lanchat.web;

import io.micrometer.observation.ObservationPredicate;
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
				&& "websocket".equalsIgnoreCase(request.getCarrier().getHeader("Upgrade")));
	}

}
