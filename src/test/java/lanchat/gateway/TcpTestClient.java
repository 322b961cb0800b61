package lanchat.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A raw TCP client for what the seed's scripts cannot do on purpose: odd framing, bad
 * bytes, floods. It reassembles what the server writes into JSON objects or text lines.
 */
final class TcpTestClient implements AutoCloseable {

	static final Duration WAIT = Duration.ofSeconds(10);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Socket socket;

	private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

	/** Every byte read, before the framing sees it (as ISO-8859-1, one char a byte). */
	private final StringBuffer raw = new StringBuffer();

	private final CountDownLatch closed = new CountDownLatch(1);

	private TcpTestClient(int port, ChannelHandler framing) {
		try {
			this.socket = new Socket("127.0.0.1", port);
			socket.setTcpNoDelay(true);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread reader = new Thread(() -> read(new EmbeddedChannel(framing)), "tcp-test-client");
		reader.setDaemon(true);
		reader.start();
	}

	/** A client that reads JSON objects. */
	static TcpTestClient json(int port) {
		return new TcpTestClient(port, new JsonFrameDecoder(1 << 20));
	}

	/** A client that reads text lines. */
	static TcpTestClient text(int port) {
		return new TcpTestClient(port, new LineBasedFrameDecoder(1 << 20));
	}

	void write(String text) {
		write(text.getBytes(StandardCharsets.UTF_8));
	}

	void write(byte[] bytes) {
		try {
			socket.getOutputStream().write(bytes);
			socket.getOutputStream().flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Writes one byte at a time, each in its own TCP segment (the socket does not delay).
	 * How the server's reads cut them depends on when it reads;
	 * {@code JsonFrameDecoderTests} feeds the decoder one byte per read.
	 */
	void trickle(byte[] bytes) {
		for (byte b : bytes) {
			write(new byte[] { b });
		}
	}

	/** The next line or object that matches; fails if none arrives in time. */
	String next(Predicate<String> wanted) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		List<String> skipped = new ArrayList<>();
		while (System.nanoTime() < deadline) {
			try {
				String next = received.poll(50, TimeUnit.MILLISECONDS);
				if (next != null) {
					if (wanted.test(next)) {
						return next;
					}
					skipped.add(next);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
		throw new AssertionError("nothing matching arrived within " + WAIT + "; got " + skipped);
	}

	String nextContaining(String text) {
		return next(line -> line.contains(text));
	}

	/** The next object whose {@code content} contains {@code text}. */
	JsonNode nextObject(String text) {
		return JSON.readTree(next(object -> JSON.readTree(object).path("content").asString("").contains(text)));
	}

	/**
	 * Every byte read so far, framed or not (the framing skips what is not a line or an
	 * object), one char a byte.
	 */
	String raw() {
		return raw.toString();
	}

	/** Everything that has arrived so far and was not read yet. */
	List<String> arrived() {
		List<String> all = new ArrayList<>();
		received.drainTo(all);
		return all;
	}

	void awaitClosedByServer() {
		try {
			if (!closed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError("the server did not close the connection within " + WAIT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	boolean isClosedByServer() {
		return closed.getCount() == 0;
	}

	@Override
	public void close() {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	/**
	 * Reassembles what the server writes with the gateway's own framing, fed from a plain
	 * socket.
	 */
	private void read(EmbeddedChannel framing) {
		byte[] buffer = new byte[65536];
		try {
			InputStream in = socket.getInputStream();
			for (int count = in.read(buffer); count >= 0; count = in.read(buffer)) {
				raw.append(new String(buffer, 0, count, StandardCharsets.ISO_8859_1));
				framing.writeInbound(Unpooled.copiedBuffer(buffer, 0, count));
				for (Object frame = framing.readInbound(); frame != null; frame = framing.readInbound()) {
					if (frame instanceof ByteBuf bytes) {
						received.add(bytes.toString(StandardCharsets.UTF_8));
						bytes.release();
					}
				}
			}
		}
		catch (IOException ex) {
			// closed by the test, or reset by the server
		}
		finally {
			closed.countDown();
		}
	}

}
