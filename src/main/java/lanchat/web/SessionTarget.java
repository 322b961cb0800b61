package lanchat.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import jakarta.websocket.SendHandler;
import lanchat.web.tomcat.Frame;
import lanchat.web.tomcat.FrameSocket;
import lanchat.web.tomcat.SocketWrites;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * What a session's {@link SessionWriter} writes to: queued frames to its socket, Spring's
 * messages and the close to the container's session.
 */
record SessionTarget(WebSocketSession session, FrameSocket socket, SocketWrites sockets) implements WriteTarget {

	@Override
	public String id() {
		return session.getId();
	}

	@Override
	public boolean write(Supplier<List<Frame>> take, SendHandler done) {
		return socket.write(take, done);
	}

	@Override
	public void send(WebSocketMessage<?> message) throws IOException {
		session.sendMessage(message);
	}

	@Override
	public void close(CloseStatus status) throws IOException {
		session.close(status);
	}

	@Override
	public void limitBlockingWrites(Duration limit) {
		sockets.limitBlockingWrites(session, limit);
	}

}
