package lanchat.web.tomcat;

import java.util.List;
import java.util.function.Supplier;

import jakarta.websocket.SendHandler;

/**
 * A session's socket, as far as writing queued frames to it goes. Writes to one session
 * must not overlap each other, nor a message the container's API is sending: the caller
 * runs them one at a time.
 */
@FunctionalInterface
public interface FrameSocket {

	/**
	 * Takes the frames to write from {@code take} and starts writing them, in order,
	 * without waiting for the socket; {@code done} then runs once, when all are written
	 * or the write failed, possibly before this method returns. Returns false, taking
	 * nothing, when the container is busy writing something of its own: try again a
	 * little later.
	 */
	boolean write(Supplier<List<Frame>> take, SendHandler done);

}
