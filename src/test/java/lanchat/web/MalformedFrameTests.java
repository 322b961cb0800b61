package lanchat.web;

import java.util.Arrays;
import java.util.Map;

import lanchat.support.IntegrationTest;
import lanchat.support.RawHttp;
import lanchat.support.RawHttp.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames the server cannot read, from one address after another (127.0.0.x on loopback,
 * one per test, so the per-address limits of one test do not touch another): one short
 * log line each, an ERROR {@code bad-frame}, and they count against the sender's CONNECT
 * limit; WebSocket handshakes have a limit per address of their own.
 */
@TestPropertySource(properties = { "lanchat.limits.connects-per-minute=3", "lanchat.limits.handshakes-per-minute=5" })
@ExtendWith(OutputCaptureExtension.class)
class MalformedFrameTests extends IntegrationTest {

	private static final String BAD_HEART_BEAT = "CONNECT\naccept-version:1.2\nhost:localhost\nusername:%s\nheart-beat:a,b\n\n\0";

	@Test
	void aMalformedHeartBeatGetsBadFrameAndOneLogLineWithoutStackTrace(CapturedOutput output) {
		try (RawHttp.WebSocket socket = open("127.0.0.11")) {
			socket.send(BAD_HEART_BEAT.formatted(name("beat")));
			String error = socket.next();
			assertThat(error).startsWith("ERROR")
				.contains("\ncode:bad-frame\n")
				.contains("message:the heart-beat header must be two whole numbers");
		}
		String log = output.getAll();
		assertThat(log).doesNotContain("\tat ").doesNotContain("NumberFormatException");
		assertThat(lines(log, "heart-beat header")).hasSize(1);
	}

	@Test
	void malformedFramesCountAgainstTheSendersConnectLimit() {
		for (int i = 0; i < 3; i++) {
			try (RawHttp.WebSocket socket = open("127.0.0.12")) {
				socket.send(BAD_HEART_BEAT.formatted(name("beat")));
				assertThat(socket.next()).startsWith("ERROR").contains("\ncode:bad-frame\n");
			}
		}
		try (RawHttp.WebSocket socket = open("127.0.0.12")) {
			assertThat(socket.connect(name("honest"))).as("three malformed CONNECTs used up three attempts a minute")
				.startsWith("ERROR")
				.contains("\ncode:too-many-attempts\n");
		}
		try (RawHttp.WebSocket socket = open("127.0.0.13")) {
			assertThat(socket.connect(name("neighbour"))).as("another address").startsWith("CONNECTED");
		}
	}

	@Test
	void webSocketHandshakesAreLimitedPerAddress() {
		for (int i = 0; i < 5; i++) {
			try (RawHttp.WebSocket socket = open("127.0.0.14")) {
				assertThat(socket.status()).isEqualTo(101);
			}
		}
		try (RawHttp.WebSocket socket = open("127.0.0.14")) {
			assertThat(socket.status()).isEqualTo(429);
			assertThat(socket.handshake().headers()).containsKey("retry-after");
			assertThat(socket.handshake().body()).contains("\"code\":\"too-many-attempts\"")
				.contains("too many connection attempts from your address");
		}
		try (RawHttp.WebSocket socket = open("127.0.0.15")) {
			assertThat(socket.status()).as("another address").isEqualTo(101);
		}
	}

	@Test
	void aDestinationWithAnEscapedNewlineIsLoggedOnOneLine(CapturedOutput output) {
		try (RawHttp.WebSocket socket = open("127.0.0.16")) {
			assertThat(socket.connect(name("forger"))).startsWith("CONNECTED");
			// STOMP 1.2 escapes a line break in a header value as backslash-n; the server
			// decodes it
			socket.send("SEND\ndestination:/topic/x\\nINFO lanchat forged: Alice set a password\n\n{}\0");
			assertThat(socket.next()).startsWith("ERROR").contains("\ncode:bad-destination\n");
		}
		String log = output.getAll();
		assertThat(lines(log, "forged")).singleElement()
			.satisfies(line -> assertThat(line).contains("Refused SEND").contains("/topic/x\\nINFO lanchat forged"));
	}

	private RawHttp.WebSocket open(String from) {
		return RawHttp.webSocket(Target.plain(from, "127.0.0.1", port), Map.of("Host", "127.0.0.1:" + port));
	}

	private static java.util.List<String> lines(String log, String containing) {
		return Arrays.stream(log.split("\n")).filter(line -> line.contains(containing)).toList();
	}

}
