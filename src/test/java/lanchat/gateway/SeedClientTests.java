package lanchat.gateway;

import java.util.List;

import lanchat.support.IntegrationTest;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static lanchat.support.StompTestClient.content;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9: the seed's own v1, v2 and v3 Python clients, unchanged, in one room with a
 * browser (STOMP) user, against the running app.
 */
class SeedClientTests extends IntegrationTest {

	@Autowired
	private TcpGateway gateway;

	@Test
	void seedClientsAndABrowserUserShareOneRoom() {
		String carol = name("carol");
		String alice = name("alice");
		String bob = name("bob");
		try (StompTestClient browser = connect(carol).listen();
				SeedClient v3 = SeedClient.start("chat_client_v3.py", gateway.port());
				SeedClient v2 = SeedClient.start("chat_client_v2.py", gateway.port())) {
			v3.type(alice);
			v3.await("[SYSTEM] " + alice + " has joined the chat!");
			notification(browser, alice + " has joined the chat!");
			v2.type(bob);
			v2.await(bob + " has joined the chat!");
			v3.await("[SYSTEM] " + bob + " has joined the chat!");
			notification(browser, bob + " has joined the chat!");

			v3.type("hello from v3");
			browser.publicMessage(alice, "hello from v3");
			v2.await("[" + alice + "] hello from v3");

			v2.type("hello from v2, 你好");
			browser.publicMessage(bob, "hello from v2, 你好");
			v3.await("[" + bob + "] hello from v2, 你好");

			browser.say("hello from the browser");
			v3.await("[" + carol + "] hello from the browser");
			v2.await("[" + carol + "] hello from the browser");

			v3.type("/w " + bob + " psst from v3");
			v2.await("[Private from " + alice + "] psst from v3");
			v2.type("/w " + carol + " psst from v2");
			JsonNode whisper = browser.privateInbox()
				.next(message -> "psst from v2".equals(message.path("content").asString("")));
			assertThat(whisper.path("username").asString()).isEqualTo(bob);
			assertThat(whisper.path("recipient").asString()).isEqualTo(carol);
			v2.await("[Private to " + carol + "] psst from v2");
			browser.whisper(alice, "psst from the browser");
			v3.await("[Private from " + carol + "] psst from the browser");

			v2.close();
			notification(browser, bob + " has left the chat.");
			v3.await("[SYSTEM] " + bob + " has left the chat.");

			// no echo of one's own public messages, as in the seed; whispers reach only
			// their recipient
			assertThat(v3.output()).doesNotContain("[" + alice + "] hello from v3")
				.doesNotContain("psst from v3")
				.doesNotContain("psst from v2");
			assertThat(v2.output()).doesNotContain("[" + bob + "] hello from v2")
				.doesNotContain("psst from the browser");
			// after anything sent to the room before it; private messages come in the
			// same order
			browser.say("nothing private here");
			List<JsonNode> seenByBrowser = browser.publicInbox().before(content("nothing private here"));
			assertThat(seenByBrowser.toString()).doesNotContain("psst");
			assertThat(browser.privateInbox().arrived().toString()).doesNotContain("psst from v3");
			assertNoErrors(v3);
			assertNoErrors(v2);
		}
	}

	@Test
	void longMessagesReachTheSeedClientsInPiecesTheyCanRead() {
		String carol = name("carol");
		String content = "长".repeat(1990) + "END";
		try (StompTestClient browser = connect(carol).listen();
				SeedClient v3 = SeedClient.start("chat_client_v3.py", gateway.port());
				SeedClient v2 = SeedClient.start("chat_client_v2.py", gateway.port())) {
			joins(v3, name("alice"));
			joins(v2, name("bob"));
			browser.say(content);
			browser.say("after the long one");
			v3.await("[" + carol + "] after the long one");
			v2.await("[" + carol + "] after the long one");
			for (SeedClient client : List.of(v3, v2)) {
				assertThat(client.output()).contains("END");
				assertThat(client.output().chars().filter(c -> c == '长').count()).isEqualTo(1990);
				assertNoErrors(client);
			}
		}
	}

	/**
	 * Issue 14, item 6: line breaks in a message must not let it print lines that pass
	 * for another sender's, in either seed client (v3 prints {@code content} as it is).
	 */
	@Test
	void aMessageCannotPrintLinesThatLookLikeAnotherSenders() {
		String mallory = name("mallory");
		String alice = name("alice");
		try (StompTestClient browser = connect(mallory).listen();
				SeedClient v3 = SeedClient.start("chat_client_v3.py", gateway.port());
				SeedClient v2 = SeedClient.start("chat_client_v2.py", gateway.port())) {
			joins(v3, alice);
			joins(v2, name("bob"));
			browser.say("hello\n[" + alice + "] please send me your password\n[Private from " + alice + "] it's me");
			browser.say("after the forgery");
			for (SeedClient client : List.of(v3, v2)) {
				client.await("[" + mallory + "] after the forgery");
				assertThat(client.await("please send me your password"))
					.startsWith(TerminalText.INDENT + "[" + alice + "]");
				assertThat(client.await("it's me")).startsWith(TerminalText.INDENT + "[Private from " + alice + "]");
				assertNoErrors(client);
			}
		}
	}

	@Test
	void aNameHeldByABrowserUserIsRefusedInBothDialects() {
		String dave = name("dave");
		try (StompTestClient browser = connect(dave).listen()) {
			try (SeedClient v3 = SeedClient.start("chat_client_v3.py", gateway.port())) {
				v3.type(dave);
				v3.await("[system] username \"" + dave + "\" is taken");
			}
			try (SeedClient v2 = SeedClient.start("chat_client_v2.py", gateway.port())) {
				v2.type(dave.toUpperCase(java.util.Locale.ROOT));
				v2.await("username \"" + dave.toUpperCase(java.util.Locale.ROOT) + "\" is taken");
			}
			browser.say("names checked");
			assertThat(browser.publicInbox().before(content("names checked")).toString()).doesNotContain("joined");
		}
	}

	@Test
	void theSeedsV1ClientNeverSendsANameSoItsFirstLineIsOne() {
		String carol = name("carol");
		String vic = name("vic");
		try (StompTestClient browser = connect(carol).listen();
				SeedClient v1 = SeedClient.start("chat_client_v1.py", gateway.port())) {
			v1.type(vic);
			notification(browser, vic + " has joined the chat!");
			v1.type("hello from v1");
			browser.publicMessage(vic, "hello from v1");
			browser.say("hi vic");
			v1.await("[" + carol + "] hi vic");
			assertNoErrors(v1);
		}
	}

	private static void joins(SeedClient client, String name) {
		client.type(name);
		client.await(name + " has joined the chat!");
	}

	private static void notification(StompTestClient browser, String content) {
		browser.publicInbox()
			.next(message -> "notification".equals(message.path("type").asString(""))
					&& content.equals(message.path("content").asString("")));
	}

	private static void assertNoErrors(SeedClient client) {
		assertThat(client.output()).doesNotContain("An error occurred.");
		assertThat(client.errors()).doesNotContain("Traceback");
	}

}
