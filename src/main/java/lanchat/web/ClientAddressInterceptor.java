package lanchat.web;

import java.net.InetSocketAddress;
import java.util.Map;

import lanchat.security.ClientAddress;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Remembers the network address of each WebSocket, for the per-address limits.
 */
class ClientAddressInterceptor implements HandshakeInterceptor {

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) {
		InetSocketAddress remote = request.getRemoteAddress();
		attributes.put(ClientAddress.ATTRIBUTE,
				remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress());
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Exception exception) {
	}

}
