package lanchat.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A STOMP client over a hand-made WebSocket that joins, subscribes to the room and its
 * private queue, waits until both subscriptions are in place, and then never reads again:
 * what a phone on bad Wi-Fi or a stuck script looks like to the server. Its receive
 * buffer is kept small so the server's writes to it back up quickly.
 */
public final class SlowReader implements AutoCloseable {

	private static final int CONTINUATION = 0;

	private static final int TEXT = 1;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Socket socket;

	private SlowReader(Socket socket) {
		this.socket = socket;
	}

	public static SlowReader join(int port, String username) {
		try {
			Socket socket = new Socket();
			socket.setReceiveBufferSize(4096);
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(10_000);
			byte[] key = new byte[16];
			new SecureRandom().nextBytes(key);
			OutputStream out = socket.getOutputStream();
			out.write(
					("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
							+ "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key)
							+ "\r\nSec-WebSocket-Version: 13\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String response = readUntil(in, "\r\n\r\n");
			if (!response.startsWith("HTTP/1.1 101")) {
				throw new IllegalStateException("handshake refused: " + response);
			}
			SlowReader reader = new SlowReader(socket);
			reader.sendText("CONNECT\naccept-version:1.2\nhost:localhost\nusername:" + username + "\n\n\0");
			if (!readUntil(in, "\0").contains("CONNECTED")) {
				throw new IllegalStateException("CONNECT refused");
			}
			reader.sendText("SUBSCRIBE\nid:0\ndestination:/topic/public\n\n\0");
			reader.sendText("SUBSCRIBE\nid:1\ndestination:/user/queue/private\n\n\0");
			// a session's frames are handled in order: once the list of users is back, so
			// are both subscriptions
			reader.sendText("SUBSCRIBE\nid:2\ndestination:/app/users\n\n\0");
			String frame;
			do {
				// before it, maybe notifications of people joining, from the moment the
				// subscriptions are in place
				frame = readUntil(in, "\0");
				if (!frame.endsWith("\0")) {
					throw new IllegalStateException("closed while subscribing: " + frame);
				}
			}
			while (!frame.contains("destination:/app/users"));
			return reader;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Sends one masked text frame, as a client must. */
	private void sendText(String text) throws IOException {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		byte[] mask = { 1, 2, 3, 4 };
		OutputStream out = socket.getOutputStream();
		out.write(0x81);
		if (payload.length < 126) {
			out.write(0x80 | payload.length);
		}
		else {
			out.write(0x80 | 126);
			out.write(payload.length >>> 8);
			out.write(payload.length & 0xFF);
		}
		out.write(mask);
		for (int i = 0; i < payload.length; i++) {
			out.write(payload[i] ^ mask[i % 4]);
		}
		out.flush();
	}

	/**
	 * Sends pings without pause, and still reads nothing: the server's answers (pongs)
	 * back up on the socket, as do its writes of anything else. Stops when the socket is
	 * closed.
	 */
	public void pingWithoutReading() {
		Thread pinger = new Thread(() -> {
			byte[] ping = new byte[6 + 125];
			ping[0] = (byte) 0x89;
			ping[1] = (byte) (0x80 | 125);
			try {
				OutputStream out = socket.getOutputStream();
				while (!socket.isClosed()) {
					out.write(ping);
				}
			}
			catch (IOException ex) {
				// the server dropped it, or the test closed it
			}
		}, "pinger");
		pinger.setDaemon(true);
		pinger.start();
	}

	/**
	 * Starts reading again: the next WebSocket text message, decoded by this class's own
	 * reading of RFC 6455: a server's frames are never masked, this client offered no
	 * extensions, and a message may come in several frames.
	 */
	public String nextText() {
		try {
			DataInputStream in = new DataInputStream(socket.getInputStream());
			ByteArrayOutputStream message = new ByteArrayOutputStream();
			int opcode = TEXT;
			boolean last = false;
			while (!last) {
				int first = in.readUnsignedByte();
				int second = in.readUnsignedByte();
				last = (first & 0x80) != 0;
				if ((first & 0x0F) != opcode || (first & 0x70) != 0 || (second & 0x80) != 0) {
					throw new IllegalStateException(
							"not an unmasked text frame or its continuation: " + first + ", " + second);
				}
				opcode = CONTINUATION;
				long length = second & 0x7F;
				if (length == 126) {
					length = in.readUnsignedShort();
				}
				else if (length == 127) {
					length = in.readLong();
				}
				message.write(in.readNBytes(Math.toIntExact(length)));
			}
			return message.toString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Reads on until it has the contents of {@code count} chat messages
	 * ({@code "type":"message"}) in the order they came, skipping notices; every text
	 * message read must be a whole STOMP MESSAGE frame.
	 */
	public List<String> nextMessages(int count) {
		List<String> contents = new ArrayList<>();
		while (contents.size() < count) {
			String frame = nextText();
			if (!frame.startsWith("MESSAGE\n") || !frame.endsWith("\0")) {
				throw new IllegalStateException("not one whole MESSAGE frame: " + frame);
			}
			JsonNode body = JSON.readTree(frame.substring(frame.indexOf("\n\n") + 2, frame.length() - 1));
			if ("message".equals(body.path("type").asString(""))) {
				contents.add(body.path("content").asString(""));
			}
		}
		return contents;
	}

	private static String readUntil(InputStream in, String end) throws IOException {
		StringBuilder read = new StringBuilder();
		while (read.indexOf(end) < 0) {
			int next = in.read();
			if (next < 0) {
				break;
			}
			read.append((char) next);
		}
		return read.toString();
	}

	@Override
	public void close() {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing a socket the server may already have dropped
		}
	}

}
