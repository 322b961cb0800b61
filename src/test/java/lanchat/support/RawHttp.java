package lanchat.support;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

/**
 * HTTP/1.1 and WebSocket over a plain socket, for what the JDK's clients will not do:
 * send from a chosen local address (127.0.0.2, 127.0.0.3, ... are different clients to a
 * server or proxy on loopback) and set any {@code Host} or {@code X-Forwarded-*} header.
 */
public final class RawHttp {

	private static final SecureRandom RANDOM = new SecureRandom();

	private RawHttp() {
	}

	/**
	 * One request, {@code Connection: close}; {@code headers} must include {@code Host}.
	 * {@code body} may be empty.
	 */
	public static Response request(Target target, String method, String path, Map<String, String> headers,
			byte[] body) {
		try (Socket socket = target.open()) {
			StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
			headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
			if (body.length > 0 || method.equals("POST")) {
				head.append("Content-Length: ").append(body.length).append("\r\n");
			}
			head.append("Connection: close\r\n\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			try {
				out.write(body);
				out.flush();
			}
			catch (IOException ex) {
				// the server answered before reading the whole body (a refusal) and
				// closed: read that answer
			}
			InputStream in = socket.getInputStream();
			Response response = readHead(in);
			byte[] rest = in.readAllBytes();
			String text = "chunked".equalsIgnoreCase(response.headers().get("transfer-encoding")) ? dechunk(rest)
					: new String(rest, StandardCharsets.UTF_8);
			return new Response(response.status(), response.headers(), text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static Response get(Target target, String path, Map<String, String> headers) {
		return request(target, "GET", path, headers, new byte[0]);
	}

	/**
	 * Opens a WebSocket on {@code /ws}; when the server refuses the handshake,
	 * {@link Socket#status()} says how.
	 */
	public static WebSocket webSocket(Target target, Map<String, String> headers) {
		try {
			Socket socket = target.open();
			byte[] nonce = new byte[16];
			RANDOM.nextBytes(nonce);
			StringBuilder head = new StringBuilder("GET /ws HTTP/1.1\r\n");
			headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
			head.append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
				.append("Sec-WebSocket-Protocol: v12.stomp\r\n")
				.append("Sec-WebSocket-Key: ")
				.append(Base64.getEncoder().encodeToString(nonce))
				.append("\r\n\r\n");
			socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			Response response = readHead(socket.getInputStream());
			if (response.status() != 101 && response.headers().containsKey("content-length")) {
				byte[] body = socket.getInputStream()
					.readNBytes(Integer.parseInt(response.headers().get("content-length")));
				response = new Response(response.status(), response.headers(),
						new String(body, StandardCharsets.UTF_8));
			}
			return new WebSocket(socket, response);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Response readHead(InputStream in) throws IOException {
		String status = line(in);
		if (status.isEmpty()) {
			throw new EOFException("the server closed the connection without an answer");
		}
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = line(in); !line.isEmpty(); line = line(in)) {
			int colon = line.indexOf(':');
			headers.merge(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip(),
					(a, b) -> a + ", " + b);
		}
		return new Response(Integer.parseInt(status.split(" ")[1]), headers, "");
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
			if (b != '\r') {
				bytes.write(b);
			}
		}
		return bytes.toString(StandardCharsets.ISO_8859_1);
	}

	private static String dechunk(byte[] chunked) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		int at = 0;
		while (at < chunked.length) {
			int end = indexOf(chunked, at);
			int size = Integer
				.parseInt(new String(chunked, at, end - at, StandardCharsets.US_ASCII).split(";")[0].strip(), 16);
			if (size == 0) {
				break;
			}
			body.write(chunked, end + 2, size);
			at = end + 2 + size + 2;
		}
		return body.toString(StandardCharsets.UTF_8);
	}

	private static int indexOf(byte[] bytes, int from) {
		for (int i = from; i + 1 < bytes.length; i++) {
			if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
				return i;
			}
		}
		throw new IllegalStateException("a chunk size line without its end");
	}

	/**
	 * Where to connect, and from which local address; with {@code tls}, through TLS with
	 * this context and {@code serverName} as SNI.
	 */
	public record Target(InetAddress from, String host, int port, @Nullable SSLContext tls,
			@Nullable String serverName) {

		public static Target plain(String from, String host, int port) {
			try {
				return new Target(InetAddress.getByName(from), host, port, null, null);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		public Target withTls(SSLContext context, String sni) {
			return new Target(from, host, port, context, sni);
		}

		Socket open() throws IOException {
			Socket socket = new Socket();
			socket.bind(new InetSocketAddress(from, 0));
			socket.connect(new InetSocketAddress(host, port), (int) StompTestClient.WAIT.toMillis());
			socket.setSoTimeout((int) StompTestClient.WAIT.toMillis());
			if (tls == null) {
				return socket;
			}
			SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket, serverName, port, true);
			var parameters = secure.getSSLParameters();
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			secure.setSSLParameters(parameters);
			secure.startHandshake();
			return secure;
		}

	}

	/**
	 * @param headers names in lower case
	 */
	public record Response(int status, Map<String, String> headers, String body) {
	}

	/**
	 * A client WebSocket: text frames out (masked, as clients must), whole text messages
	 * in.
	 */
	public static final class WebSocket implements AutoCloseable {

		private final Socket socket;

		private final Response handshake;

		WebSocket(Socket socket, Response handshake) {
			this.socket = socket;
			this.handshake = handshake;
		}

		/**
		 * 101 when the WebSocket is open; otherwise the status with which the handshake
		 * was refused.
		 */
		public int status() {
			return handshake.status();
		}

		/** The answer to the handshake: with its body when the server refused it. */
		public Response handshake() {
			return handshake;
		}

		/**
		 * Sends a STOMP CONNECT for {@code username} and returns the answer (CONNECTED or
		 * ERROR).
		 */
		public String connect(String username) {
			send("CONNECT\naccept-version:1.2\nhost:localhost\nusername:" + username + "\nheart-beat:0,0\n\n\0");
			return next();
		}

		public void send(String text) {
			byte[] payload = text.getBytes(StandardCharsets.UTF_8);
			byte[] mask = new byte[4];
			RANDOM.nextBytes(mask);
			ByteArrayOutputStream frame = new ByteArrayOutputStream();
			frame.write(0x81);
			if (payload.length < 126) {
				frame.write(0x80 | payload.length);
			}
			else {
				frame.write(0x80 | 126);
				frame.write(payload.length >> 8);
				frame.write(payload.length & 0xff);
			}
			frame.writeBytes(mask);
			for (int i = 0; i < payload.length; i++) {
				frame.write(payload[i] ^ mask[i % 4]);
			}
			try {
				socket.getOutputStream().write(frame.toByteArray());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/**
		 * The next text message that is not a heart-beat; fails if none comes before the
		 * socket's timeout.
		 */
		public String next() {
			try {
				InputStream in = socket.getInputStream();
				ByteArrayOutputStream message = new ByteArrayOutputStream();
				while (true) {
					int first = in.read();
					int second = in.read();
					if (first < 0 || second < 0) {
						throw new EOFException("the server closed the WebSocket");
					}
					long length = second & 0x7f;
					if (length == 126) {
						length = (in.read() << 8) | in.read();
					}
					else if (length == 127) {
						length = 0;
						for (int i = 0; i < 8; i++) {
							length = (length << 8) | in.read();
						}
					}
					byte[] payload = in.readNBytes((int) length);
					int opcode = first & 0x0f;
					if (opcode == 0x8) {
						throw new EOFException("the server closed the WebSocket");
					}
					if (opcode == 0x1 || opcode == 0x0) {
						message.writeBytes(payload);
						if ((first & 0x80) != 0) {
							String text = message.toString(StandardCharsets.UTF_8);
							message.reset();
							if (!text.isBlank()) {
								return text;
							}
						}
					}
				}
			}
			catch (SocketTimeoutException ex) {
				throw new AssertionError("no WebSocket message arrived within " + StompTestClient.WAIT, ex);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
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

}
