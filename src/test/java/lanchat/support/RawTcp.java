package lanchat.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;

/**
 * A plain socket to the seed TCP gateway, as the seed's own scripts talk, for tests
 * outside the gateway package: write text, and read everything the server says until it
 * closes the connection.
 */
public final class RawTcp implements AutoCloseable {

	private final Socket socket;

	private RawTcp(Socket socket) {
		this.socket = socket;
	}

	/** Opens a connection that says nothing yet. */
	public static RawTcp open(int port) {
		try {
			Socket socket = new Socket("127.0.0.1", port);
			socket.setSoTimeout((int) StompTestClient.WAIT.toMillis());
			return new RawTcp(socket);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public RawTcp write(String text) {
		try {
			socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
			socket.getOutputStream().flush();
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Everything the server writes until it closes the connection; fails if it does not
	 * within the wait.
	 */
	public String readUntilClosed() {
		try {
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new AssertionError("the server did not close the connection within " + StompTestClient.WAIT, ex);
		}
	}

	/**
	 * Reads on a thread of its own, and puts everything the server said, once it closed,
	 * in {@code answers}.
	 */
	public RawTcp answerTo(BlockingQueue<String> answers) {
		Thread reader = new Thread(() -> {
			try {
				answers.add("TCP: " + readUntilClosed());
			}
			catch (AssertionError stillOpen) {
				answers.add("TCP: still open");
			}
		}, "raw-tcp-reader");
		reader.setDaemon(true);
		reader.start();
		return this;
	}

	@Override
	public void close() {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
