package lanchat.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import lanchat.LanchatProperties;
import lanchat.protocol.ErrorCode;
import lanchat.security.AddressRate;
import lanchat.security.ClientAddress;
import lanchat.security.LogLimiter;
import lanchat.security.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import tools.jackson.databind.json.JsonMapper;

/**
 * WebSocket handshakes per network address
 * ({@code lanchat.limits.handshakes-per-minute}). The CONNECT limit counts frames on an
 * open WebSocket; this one stops an address that opens WebSocket after WebSocket, each to
 * send one bad frame, before the server has spent anything on them. Over the limit, the
 * handshake gets {@code 429} with a JSON body {@code {"code","message"}} and a
 * {@code Retry-After}. Runs after {@link ClientAddressInterceptor}, whose address it
 * counts.
 */
@Component
class HandshakeLimit implements HandshakeInterceptor {

	private static final Logger log = LoggerFactory.getLogger(HandshakeLimit.class);

	private final AddressRate rate;

	private final LogLimiter lines;

	private final JsonMapper json;

	HandshakeLimit(LanchatProperties properties, Clock clock, JsonMapper json) {
		this.rate = new AddressRate(properties.limits().handshakesPerMinute(), clock);
		this.lines = new LogLimiter(20, Duration.ofSeconds(1), clock);
		this.json = json;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) throws Exception {
		String address = ClientAddress.of(attributes);
		Optional<Duration> wait = rate.take(address);
		if (wait.isEmpty()) {
			return true;
		}
		lines.info(log, "Refused a WebSocket handshake from {}: too many", LogText.of(address));
		long seconds = Math.max(1, wait.get().toSeconds() + 1);
		response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
		response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		byte[] body = json
			.writeValueAsString(Map.of("code", ErrorCode.TOO_MANY_ATTEMPTS.wireName(), "message",
					"too many connection attempts from your address; try again in " + seconds + " s"))
			.getBytes(StandardCharsets.UTF_8);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		response.getHeaders().setContentLength(body.length);
		response.getBody().write(body);
		return false;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Exception exception) {
	}

}
