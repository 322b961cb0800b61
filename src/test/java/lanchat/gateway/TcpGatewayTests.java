package lanchat.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import lanchat.protocol.ServerMessage;
import lanchat.support.IntegrationTest;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static lanchat.gateway.JsonFrameDecoderTests.concat;
import static lanchat.support.StompTestClient.content;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL.md, Seed TCP gateway: framing, dialects and hostile input, over raw sockets
 * against the running app.
 */
class TcpGatewayTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private TcpGateway gateway;

	@Autowired
	private TcpDelivery delivery;

	@Autowired
	private org.springframework.context.ApplicationContext context;

	@Test
	void theServerSaysNothingBeforeTheClientSpeaks() {
		String alice = name("alice");
		try (TcpTestClient client = TcpTestClient.json(gateway.port())) {
			client.write(usernameObject(alice));
			String first = client.next(anything -> true);
			// had the server written anything before, JSON or not, it would come first
			assertThat(client.raw())
				.startsWith(new String(first.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
			JsonNode joined = JSON.readTree(first);
			assertThat(joined.path("content").asString()).isEqualTo(alice + " has joined the chat!");
			assertThat(joined.path("type").asString()).isEqualTo("notification");
			assertThat(joined.path("username").asString()).isEqualTo(alice);
		}
	}

	@Test
	void concatenatedObjectsInOneWriteAreSeparateMessages() {
		String carol = name("carol");
		String alice = name("alice");
		try (StompTestClient browser = connect(carol).listen();
				TcpTestClient client = TcpTestClient.json(gateway.port())) {
			client.write(usernameObject(alice) + message("one") + "\n" + message("two")
					+ "{\"type\":\"private_message\",\"recipient\":\"" + carol + "\",\"content\":\"three\"}");
			browser.publicMessage(alice, "one");
			browser.publicMessage(alice, "two");
			assertThat(browser.privateInbox().next().path("content").asString()).isEqualTo("three");
		}
	}

	@Test
	void objectsCutIntoSingleBytesAndMultiByteCharactersSurvive() {
		String carol = name("carol");
		String alice = name("小明");
		try (StompTestClient browser = connect(carol).listen();
				TcpTestClient client = TcpTestClient.json(gateway.port())) {
			client.trickle((usernameObject(alice) + message("你好 😀 \\\"quoted\\\" {braces}"))
				.getBytes(StandardCharsets.UTF_8));
			browser.publicMessage(alice, "你好 😀 \"quoted\" {braces}");
		}
	}

	@Test
	void textClientsSendLinesAndReadLines() {
		String carol = name("carol");
		String bob = name("bob");
		try (StompTestClient browser = connect(carol).listen();
				TcpTestClient client = TcpTestClient.text(gateway.port())) {
			client.write(bob + "\r\nfirst line\nsecond line\r\n");
			browser.publicMessage(bob, "first line");
			browser.publicMessage(bob, "second line");
			client.nextContaining(bob + " has joined the chat!");
			browser.say("/me waves");
			assertThat(client.nextContaining("waves")).isEqualTo("* " + carol + " waves");
			client.write("/w nobody-here-" + bob + " hello\n");
			assertThat(client.nextContaining("No user is called")).startsWith("No user is called \"nobody-here-");
		}
	}

	@Test
	void garbageBetweenObjectsIsSkippedWithANotice() {
		String carol = name("carol");
		String alice = name("alice");
		try (StompTestClient browser = connect(carol).listen();
				TcpTestClient client = TcpTestClient.json(gateway.port())) {
			client.write(usernameObject(alice) + "garbage]]" + message("after the garbage"));
			browser.publicMessage(alice, "after the garbage");
			JsonNode notice = client.nextObject("not part of a JSON object");
			assertThat(notice.path("username").asString()).isEqualTo("system");
			assertThat(notice.path("content").asString()).contains("9 bytes");
		}
	}

	@Test
	void aFirstObjectThatIsNotANameIsRefusedAndClosed() {
		try (TcpTestClient client = TcpTestClient.json(gateway.port())) {
			client.write(message("hello?"));
			JsonNode refusal = client.nextObject("Start with");
			assertThat(refusal.path("type").asString()).isEqualTo("system");
			assertThat(refusal.path("username").asString()).isEqualTo("system");
			client.awaitClosedByServer();
		}
	}

	@Test
	void badNamesAreRefusedWithTheSameWordsAsOverStomp() {
		try (TcpTestClient client = TcpTestClient.text(gateway.port())) {
			client.write("not a name!\n");
			assertThat(client.nextContaining("username")).startsWith("username must be");
			client.awaitClosedByServer();
		}
	}

	@Test
	void invalidUtf8IsRefusedAndTheClientLeaves() {
		String carol = name("carol");
		String bob = name("bob");
		try (StompTestClient browser = connect(carol).listen();
				TcpTestClient client = TcpTestClient.text(gateway.port())) {
			client.write(bob + "\n");
			client.nextContaining(bob + " has joined the chat!");
			client.write(concat("ok then ".getBytes(StandardCharsets.UTF_8), new byte[] { (byte) 0xC3, 0x28, '\n' }));
			assertThat(client.nextContaining("UTF-8")).contains("only UTF-8");
			client.awaitClosedByServer();
			browser.publicInbox()
				.next(message -> (bob + " has left the chat.").equals(message.path("content").asString("")));
		}
	}

	@Test
	void aMessageLargerThanTheFrameSizeIsRefusedAndClosed() {
		String alice = name("alice");
		try (TcpTestClient client = TcpTestClient.json(gateway.port())) {
			client.write(usernameObject(alice));
			client.nextObject(alice + " has joined the chat!");
			client.write("{\"type\":\"message\",\"content\":\"" + "x".repeat(70_000));
			assertThat(client.nextObject("at most 65536 bytes").path("type").asString()).isEqualTo("system");
			client.awaitClosedByServer();
		}
	}

	@Test
	void aFloodIsCutToTheRateLimitWithOneWarning() {
		String carol = name("carol");
		String alice = name("alice");
		try (StompTestClient browser = connect(carol).listen();
				TcpTestClient client = TcpTestClient.json(gateway.port())) {
			client.write(usernameObject(alice));
			client.nextObject(alice + " has joined the chat!");
			StringBuilder flood = new StringBuilder();
			for (int i = 0; i < 60; i++) {
				flood.append(message("flood " + i));
			}
			client.write(flood.toString());
			assertThat(client.nextObject("sending too fast").path("type").asString()).isEqualTo("system");
			// the burst of 20 is let through whole, and stored in order but after the
			// warning: its last one first, then a barrier for any let through later
			List<JsonNode> arrived = new ArrayList<>(browser.publicInbox().before(content("flood 19")));
			browser.say("the flood is over");
			arrived.addAll(browser.publicInbox().before(content("the flood is over")));
			long floods = arrived.stream().filter(m -> m.path("content").asString("").startsWith("flood ")).count();
			assertThat(floods + 1).as("flood 19 and those around it").isBetween(20L, 23L);
			assertThat(client.arrived().stream().filter(m -> m.contains("sending too fast"))).isEmpty();
		}
	}

	@Test
	void privateMessagesCrossTransportsAndWaitForOfflineTcpUsers() {
		String carol = name("carol");
		String alice = name("alice");
		try (StompTestClient browser = connect(carol).listen()) {
			try (TcpTestClient client = TcpTestClient.json(gateway.port())) {
				client.write(usernameObject(alice));
				client.nextObject(alice + " has joined the chat!");
				client.write("{\"type\":\"private_message\",\"username\":\"" + carol + "\",\"recipient\":\"" + carol
						+ "\",\"content\":\"from tcp\"}");
				JsonNode received = browser.privateInbox().next();
				assertThat(received.path("username").asString()).isEqualTo(alice);
				assertThat(received.path("content").asString()).isEqualTo("from tcp");
			}
			browser.publicInbox()
				.next(message -> (alice + " has left the chat.").equals(message.path("content").asString("")));
			browser.whisper(alice, "while you were away");
			browser.systemReply("will be delivered");
			try (TcpTestClient client = TcpTestClient.json(gateway.port())) {
				// the name is held by the identity that went offline, so a seed client
				// cannot take it back
				client.write(usernameObject(alice));
				assertThat(client.nextObject("is taken").path("username").asString()).isEqualTo("system");
			}
		}
	}

	@Test
	void aClientThatFallsMoreThanTheSendBufferBehindIsDropped() {
		String carol = name("carol");
		String slow = name("slow");
		try (StompTestClient browser = connect(carol).listen();
				TcpTestClient client = TcpTestClient.text(gateway.port())) {
			client.write(slow + "\n");
			client.nextContaining(slow + " has joined the chat!");
			// writes are paced, so a burst piles up in the server's queue: 1100 pieces of
			// 1000 bytes pass 1 MiB
			ServerMessage big = ServerMessage.notification(carol, "x".repeat(Dialect.MAX_WRITE - 1));
			for (int i = 0; i < 1100; i++) {
				delivery.toRoom(big, null);
			}
			client.awaitClosedByServer();
			browser.publicInbox()
				.next(message -> (slow + " has left the chat.").equals(message.path("content").asString("")));
		}
	}

	@Test
	void stoppingTheGatewayTellsItsClientsAndTheyLeave() {
		String carol = name("carol");
		String bob = name("bob");
		TcpGateway second = new TcpGateway(new TcpProperties(true, 0, null), context.getEnvironment(),
				context.getBean(TcpPipeline.class));
		second.start();
		try (StompTestClient browser = connect(carol).listen();
				TcpTestClient client = TcpTestClient.text(second.port())) {
			assertThat(second.port()).isPositive().isNotEqualTo(gateway.port());
			client.write(bob + "\n");
			client.nextContaining(bob + " has joined the chat!");
			second.stop();
			assertThat(second.isRunning()).isFalse();
			assertThat(second.port()).isEqualTo(-1);
			client.nextContaining("The server is shutting down.");
			client.awaitClosedByServer();
			browser.publicInbox()
				.next(message -> (bob + " has left the chat.").equals(message.path("content").asString("")));
		}
		finally {
			second.stop();
		}
	}

	private static String usernameObject(String name) {
		return JSON.createObjectNode().put("type", "username").put("content", name).toString();
	}

	private static String message(String content) {
		return "{\"type\":\"message\",\"username\":\"ignored\",\"content\":\"" + content + "\"}";
	}

}
