package lanchat.web.tomcat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import lanchat.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebSocket handshake agrees to no extension: a browser that asks for per-message
 * compression, as every browser does, gets plain frames.
 */
class WithoutCompressionTests extends IntegrationTest {

	@Test
	void aBrowserAskingForCompressionIsUpgradedWithoutIt() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port
						+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
						+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
						+ "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			String response = readHeaders(socket.getInputStream());

			assertThat(response).startsWith("HTTP/1.1 101");
			assertThat(response.toLowerCase()).doesNotContain("sec-websocket-extensions");
		}
	}

	private static String readHeaders(InputStream in) throws IOException {
		StringBuilder read = new StringBuilder();
		while (read.indexOf("\r\n\r\n") < 0) {
			int next = in.read();
			if (next < 0) {
				break;
			}
			read.append((char) next);
		}
		return read.toString();
	}

}
