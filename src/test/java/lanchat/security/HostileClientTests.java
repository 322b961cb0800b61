package lanchat.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import lanchat.support.IntegrationTest;
import lanchat.support.RawStomp;
import lanchat.support.StompTestClient;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static lanchat.support.StompTestClient.content;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad and broken clients, over real sockets, with the real default limits: after each,
 * the server is healthy, well-behaved clients lost nothing, and the log has one line per
 * refusal and no stack trace.
 */
@TestPropertySource(
		properties = { "lanchat.limits.connections-per-address=20", "lanchat.limits.connects-per-minute=200" })
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileClientTests extends IntegrationTest {

	private CapturedOutput output;

	@AfterEach
	void serverIsHealthyAndTheLogIsClean() throws Exception {
		HttpResponse<String> health = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(health.body()).contains("\"status\":\"UP\"");
		if (output != null) {
			assertThat(output.getAll()).as("no stack traces for client errors")
				.doesNotContain("\tat ")
				.doesNotContain("Exception:");
		}
	}

	@Test
	@Order(1)
	void aFloodIsCutToTheRateLimitAndTheFlooderIsToldWhenToRetry(CapturedOutput output) {
		this.output = output;
		String flooder = name("flooder");
		String bystander = name("bystander");
		try (StompTestClient f = connect(flooder).listen(); StompTestClient b = connect(bystander).listen()) {
			for (int i = 0; i < 1000; i++) {
				f.say("flood " + i);
			}
			JsonNode warning = f.systemReply("sending too fast");
			assertThat(warning.path("content").asString()).containsPattern("send again in \\d+");
			assertThat(warning.path("code").asString()).isEqualTo("rate-limited");
			// a connection's frames are handled in order: once this is answered, every
			// flood frame has been let through or refused, and every warning queued
			f.request("/app/users");
			// so this comes after every flood message let through, and after every
			// warning to the flooder, which shares its queue
			b.say("I am still heard");
			List<JsonNode> arrived = b.publicInbox().before(content("I am still heard"));
			f.publicInbox().before(content("I am still heard"));
			long flooded = arrived.stream().filter(m -> m.path("content").asString("").startsWith("flood ")).count();
			assertThat(flooded).as("burst 20 plus 10/s while the flood lasts, not 1000").isBetween(20L, 100L);
			assertThat(f.systemInbox().arrived()).as("at most one warning a second, not one per dropped message")
				.hasSizeLessThanOrEqualTo(5);
			assertThat(f.isConnected()).isTrue();
		}
	}

	@Test
	@Order(2)
	void anOversizedFrameGetsAnErrorWhetherInOneMessageOrSeveral(CapturedOutput output) {
		this.output = output;
		String big = "x".repeat(100_000);
		try (RawStomp raw = RawStomp.open(port)) {
			raw.connect(name("big"));
			raw.send("SEND\ndestination:/app/chat.send\n\n{\"type\":\"message\",\"content\":\"" + big + "\"}\0");
			assertThat(raw.nextFrame()).startsWith("ERROR")
				.contains("message:the frame is too large")
				.contains("\ncode:frame-too-large\n");
			raw.awaitClosed();
		}
		try (RawStomp raw = RawStomp.open(port)) {
			raw.connect(name("pieces"));
			raw.send("SEND\ndestination:/app/chat.send\n\n{\"type\":\"message\",\"content\":\"" + "y".repeat(30_000));
			raw.send("y".repeat(30_000));
			raw.send("y".repeat(30_000) + "\"}\0");
			assertThat(raw.nextFrame()).startsWith("ERROR")
				.contains("message:the frame is too large")
				.contains("\ncode:frame-too-large\n");
			raw.awaitClosed();
		}
		assertThat(output.getAll()).contains("the frame is too large");
		assertThat(chatStillWorks()).isTrue();
	}

	@Test
	@Order(3)
	void malformedFramesAndInvalidUtf8GetAnErrorAndAClose(CapturedOutput output) {
		this.output = output;
		try (RawStomp raw = RawStomp.open(port)) {
			raw.send("HELLO\nnot:stomp\n\n\0");
			assertThat(raw.nextFrame()).startsWith("ERROR").contains("message:malformed STOMP frame");
			raw.awaitClosed();
		}
		try (RawStomp raw = RawStomp.open(port)) {
			raw.connect(name("garbled"));
			raw.send("SEND\ndestination:/app/chat.send\ncontent-length:5\n\n{\"type\":\"message\"}\0");
			assertThat(raw.nextFrame()).startsWith("ERROR");
			raw.awaitClosed();
		}
		try (RawStomp raw = RawStomp.open(port)) {
			raw.connect(name("binary"));
			byte[] invalid = "SEND\ndestination:/app/chat.send\n\n{\"type\":\"message\",\"content\":\"\0"
				.getBytes(StandardCharsets.UTF_8);
			byte[] frame = java.util.Arrays.copyOf(invalid, invalid.length + 3);
			frame[invalid.length - 1] = (byte) 0xC3;
			frame[invalid.length] = (byte) 0x28;
			frame[invalid.length + 1] = '"';
			frame[invalid.length + 2] = 0;
			raw.sendBinary(frame);
			assertThat(raw.nextFrame()).startsWith("ERROR").contains("message:frames must be valid UTF-8");
			raw.awaitClosed();
		}
		assertThat(chatStillWorks()).isTrue();
	}

	@Test
	@Order(4)
	void thousandsOfSubscriptionsAndHeadersAreCapped(CapturedOutput output) {
		this.output = output;
		try (RawStomp raw = RawStomp.open(port)) {
			raw.connect(name("hoarder"));
			StringBuilder frames = new StringBuilder();
			for (int i = 0; i < 2000; i++) {
				frames.append("SUBSCRIBE\nid:").append(i).append("\ndestination:/topic/public\n\n\0");
			}
			raw.send(frames.toString());
			assertThat(raw.nextFrame()).startsWith("ERROR").contains("at most 32 subscriptions");
			raw.awaitClosed();
		}
		try (RawStomp raw = RawStomp.open(port)) {
			raw.connect(name("headers"));
			StringBuilder headers = new StringBuilder("SEND\ndestination:/app/chat.send\n");
			for (int i = 0; i < 100; i++) {
				headers.append("x-").append(i).append(":").append(i).append('\n');
			}
			raw.send(headers + "\n{}\0");
			assertThat(raw.nextFrame()).startsWith("ERROR").contains("at most 32 headers");
			raw.awaitClosed();
		}
		assertThat(chatStillWorks()).isTrue();
	}

	@Test
	@Order(5)
	void oneAddressMayHoldTwentyConnections(CapturedOutput output) {
		this.output = output;
		List<RawStomp> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < 100; i++) {
				sockets.add(RawStomp.open(port));
			}
			sockets.get(sockets.size() - 1).awaitClosed();
			int accepted = 0;
			int refused = 0;
			for (RawStomp socket : sockets) {
				if (socket.isClosed()) {
					String first = socket.nextFrame();
					assertThat(first).startsWith("ERROR").contains("too many connections from your address");
					refused++;
				}
				else {
					accepted++;
				}
			}
			assertThat(accepted).isEqualTo(20);
			assertThat(refused).isEqualTo(80);
		}
		finally {
			sockets.forEach(RawStomp::close);
		}
	}

	@Test
	@Order(6)
	void aForeignWebOriginCannotOpenTheWebSocketButThePagesOwnCan(CapturedOutput output) {
		this.output = output;
		assertThat(RawStomp.refusedHandshake(port, "http://evil.example")).isEqualTo(403);
		assertThat(RawStomp.refusedHandshake(port, "http://127.0.0.1:" + port)).isEqualTo(101);
		assertThat(RawStomp.refusedHandshake(port, null)).as("clients that send no Origin").isEqualTo(101);
	}

	/**
	 * Slow-loris: the packaged time-outs close half-open requests and idle kept-alive
	 * connections soon.
	 */
	@Test
	@Order(7)
	void halfOpenRequestsAndIdleConnectionsAreNotKeptLong(@Autowired ServletWebServerApplicationContext context) {
		var protocol = (AbstractProtocol<?>) ((TomcatWebServer) context.getWebServer()).getTomcat()
			.getConnector()
			.getProtocolHandler();
		assertThat(protocol.getConnectionTimeout()).as("server.tomcat.connection-timeout").isEqualTo(10_000);
		assertThat(protocol.getKeepAliveTimeout()).as("server.tomcat.keep-alive-timeout").isEqualTo(20_000);
		assertThat(protocol.getMaxConnections()).as("server.tomcat.max-connections").isEqualTo(11_000);
	}

	@Test
	@Order(8)
	void theHttpPageIsHardened() throws Exception {
		HttpResponse<String> page = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
					HttpResponse.BodyHandlers.ofString());
		String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
		assertThat(csp).contains("script-src 'self'")
			.contains("frame-ancestors 'none'")
			.doesNotContain("unsafe-inline");
		assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
	}

	@Test
	@Order(100)
	void aConnectStormIsRefusedPerAddress(CapturedOutput output) {
		this.output = output;
		int refused = 0;
		// 200 a minute, and the allowance refills while the storm goes on: on a loaded
		// machine the attempts come slower, so more of them are needed before one is
		// refused; the first refusal ends it
		for (int i = 0; i < 2000 && refused == 0; i++) {
			try (RawStomp raw = RawStomp.open(port)) {
				String answer = raw.connect(name("storm"));
				if (answer.startsWith("ERROR")) {
					assertThat(answer).contains("too many connection attempts from your address");
					refused++;
				}
			}
		}
		assertThat(refused).isEqualTo(1);
		assertThat(output.getAll()).contains("too many connection attempts");
	}

	private boolean chatStillWorks() {
		String probe = name("probe");
		try (StompTestClient p = connect(probe).listen()) {
			p.say("still working");
			return p.publicMessage(probe, "still working").path("id").asLong() > 0;
		}
	}

}
