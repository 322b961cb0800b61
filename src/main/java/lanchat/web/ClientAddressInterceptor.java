package lanchat.web;

import java.net.InetSocketAddress;
import java.util.Map;

import lanchat.security.ClientAddress;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Remembers where each WebSocket came from: its network address, for the per-address
 * limits and bans, and its User-Agent, to name the device a token is made for.
 */
class ClientAddressInterceptor implements HandshakeInterceptor {

	static final String USER_AGENT = "lanchat.userAgent";

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) {
		InetSocketAddress remote = request.getRemoteAddress();
		attributes.put(ClientAddress.ATTRIBUTE,
				remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress());
		String userAgent = request.getHeaders().getFirst("User-Agent");
		if (userAgent != null) {
			attributes.put(USER_AGENT, userAgent);
		}
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Exception exception) {
	}

}
