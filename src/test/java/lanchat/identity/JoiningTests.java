package lanchat.identity;

import lanchat.support.IntegrationTest;
import lanchat.support.RawStomp;
import lanchat.support.StompTestClient;
import lanchat.support.StompTestClient.StompError;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.simp.stomp.StompHeaders;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL.md, Joining and Identity: over real STOMP, against the running app.
 */
class JoiningTests extends IntegrationTest {

	@Test
	void aNewNameGetsATokenOnceAndTheNormalisedName() {
		String name = name("Alice");
		try (StompTestClient alice = StompTestClient.connect(port, "  " + name + "  ")) {
			JsonNode session = alice.sessionInfo();
			assertThat(session.path("username").asString()).isEqualTo(name);
			assertThat(session.path("token").asString()).hasSizeGreaterThanOrEqualTo(22);
			assertThat(session.path("moderator").asBoolean(true)).isFalse();
			assertThat(session.path("limits").path("contentLength").asInt()).isEqualTo(2000);
			assertThat(session.path("limits").path("ratePerSecond").asDouble()).isEqualTo(10.0);
			assertThat(session.path("limits").path("burst").asInt()).isEqualTo(20);
			assertThat(session.path("historyDays").isNull()).as("history is kept forever by default").isTrue();
		}
	}

	@Test
	void aHeldNameNeedsItsTokenAndTheTokenIsNotShownAgain() {
		String name = name("Bob");
		String token;
		try (StompTestClient first = StompTestClient.connect(port, name)) {
			token = first.sessionInfo().path("token").asString();
			assertThat(StompTestClient.refusalError(port, StompTestClient.headers(name)))
				.isEqualTo(new StompError("name-taken", "username \"" + name + "\" is taken"));
			StompHeaders withToken = StompTestClient.headers(name);
			withToken.add("token", token);
			try (StompTestClient secondDevice = StompTestClient.connect(port, withToken)) {
				JsonNode session = secondDevice.sessionInfo();
				assertThat(session.path("username").asString()).isEqualTo(name);
				assertThat(session.has("token")).isFalse();
			}
		}
		assertThat(StompTestClient.refusal(port, StompTestClient.headers(name)))
			.as("the name stays held while its owner is offline")
			.isEqualTo("username \"" + name + "\" is taken");
		StompHeaders wrongToken = StompTestClient.headers(name);
		wrongToken.add("token", token.substring(1) + "x");
		assertThat(StompTestClient.refusalError(port, wrongToken))
			.as("a client holding a wrong or revoked token is told so, not that it should pick another name")
			.isEqualTo(new StompError("wrong-credentials", "wrong token or password for \"" + name + "\""));
	}

	@Test
	void namesCollideAcrossCaseAndCompatibilityForms() {
		String name = name("carol");
		try (StompTestClient carol = StompTestClient.connect(port, name)) {
			String upper = name.toUpperCase();
			assertThat(StompTestClient.refusal(port, StompTestClient.headers(upper)))
				.isEqualTo("username \"" + upper + "\" is taken");
			String fullwidth = toFullwidth(name);
			assertThat(StompTestClient.refusal(port, StompTestClient.headers(fullwidth)))
				.as("NFKC turns fullwidth letters into plain ones")
				.isEqualTo("username \"" + name + "\" is taken");
		}
	}

	@Test
	void invisibleMarksAndLookAlikesOfAHeldNameAreRefused() {
		String name = name("Alice");
		try (StompTestClient alice = StompTestClient.connect(port, name)) {
			for (String invisible : new String[] { "\u034F", "\uFE0F", "\u180B" }) {
				String marked = "Alice" + invisible + name.substring("Alice".length());
				assertThat(StompTestClient.refusalError(port, StompTestClient.headers(marked)))
					.as("an invisible mark in " + name)
					.isEqualTo(new StompError("name-invalid", "username must not contain invisible characters"));
			}
			String cyrillic = "\u0410" + name.substring(1);
			assertThat(StompTestClient.refusalError(port, StompTestClient.headers(cyrillic)))
				.as("a Cyrillic \u0410 for the Latin A")
				.isEqualTo(new StompError("name-taken", "username \"" + cyrillic + "\" is taken"));
			String mixed = "Alic\u0435" + name.substring("Alice".length());
			assertThat(StompTestClient.refusalError(port, StompTestClient.headers(mixed)).code())
				.as("a Cyrillic \u0435 for the Latin e")
				.isEqualTo("name-taken");
		}
	}

	@Test
	void sharpSAndCapitalSharpSAreOneName() {
		String name = name("Strauß");
		try (StompTestClient strauss = StompTestClient.connect(port, name)) {
			String capital = name.replace('ß', 'ẞ');
			assertThat(StompTestClient.refusalError(port, StompTestClient.headers(capital)))
				.isEqualTo(new StompError("name-taken", "username \"" + capital + "\" is taken"));
			assertThat(StompTestClient.refusalError(port, StompTestClient.headers(name.replace("ß", "ss"))).code())
				.isEqualTo("name-taken");
		}
	}

	@Test
	void theServerSendsTheKeyItComparesNamesBy() {
		String name = name("Strauß");
		String key = NamePolicy.key(name);
		String other = name("Zoë");
		try (StompTestClient strauss = StompTestClient.connect(port, name).listen();
				StompTestClient zoe = StompTestClient.connect(port, other).listen()) {
			assertThat(strauss.sessionInfo().path("key").asString()).isEqualTo(key).contains("strauss");
			strauss.say("keyed");
			assertThat(zoe.publicMessage(name, "keyed").path("usernameKey").asString()).isEqualTo(key);
			strauss.whisper(other, "psst");
			JsonNode whisper = zoe.privateInbox().next();
			assertThat(whisper.path("usernameKey").asString()).isEqualTo(key);
			assertThat(whisper.path("recipientKey").asString()).isEqualTo(NamePolicy.key(other));
			JsonNode users = zoe.request("/app/users");
			assertThat(users.findValues("key").stream().map(JsonNode::asString)).contains(key, NamePolicy.key(other));
			JsonNode history = zoe.request("/app/history");
			assertThat(history.findValues("usernameKey").stream().map(JsonNode::asString)).contains(key);
		}
	}

	@Test
	void invalidNamesAreRefusedInPlainWords() {
		String rule = "username must be 1-24 letters, digits, '_', '-' or '.'";
		assertThat(StompTestClient.refusalError(port, StompTestClient.headers("two words")))
			.isEqualTo(new StompError("name-invalid", rule));
		assertThat(StompTestClient.refusal(port, StompTestClient.headers("zero\u200Bwidth"))).isEqualTo(rule);
		assertThat(StompTestClient.refusal(port, StompTestClient.headers("\u202Egnp.exe"))).isEqualTo(rule);
		assertThat(StompTestClient.refusal(port, StompTestClient.headers("x".repeat(25)))).isEqualTo(rule);
		assertThat(StompTestClient.refusalError(port, StompTestClient.headers("system")))
			.isEqualTo(new StompError("name-reserved", "username \"system\" is reserved"));
		assertThat(StompTestClient.refusalError(port, new StompHeaders()))
			.isEqualTo(new StompError("name-invalid", "username is required"));
	}

	@Test
	void namesInAnyScriptAreWelcome() {
		String name = name("小明");
		try (StompTestClient xiaoming = StompTestClient.connect(port, name)) {
			assertThat(xiaoming.sessionInfo().path("username").asString()).isEqualTo(name);
		}
	}

	@Test
	void aPasswordLetsANameBeClaimedWithoutTheToken() {
		String name = name("Dave");
		try (StompTestClient dave = StompTestClient.connect(port, name).listen()) {
			dave.say("/password short");
			dave.systemReply("8-128 characters");
			dave.say("/password correct horse battery");
			dave.systemReply("Password set");
		}
		StompHeaders withPassword = StompTestClient.headers(name);
		withPassword.add("password", "correct horse battery");
		try (StompTestClient newPhone = StompTestClient.connect(port, withPassword)) {
			assertThat(newPhone.sessionInfo().path("username").asString()).isEqualTo(name);
		}
		StompHeaders wrongPassword = StompTestClient.headers(name);
		wrongPassword.add("password", "incorrect horse battery");
		assertThat(StompTestClient.refusalError(port, wrongPassword))
			.isEqualTo(new StompError("wrong-credentials", "wrong token or password for \"" + name + "\""));
	}

	@Test
	void aRefusedConnectionIsClosed() throws Exception {
		try (RawStomp raw = RawStomp.open(port)) {
			raw.send("CONNECT\naccept-version:1.2\nhost:localhost\nusername:bad name\n\n\0");
			String frame = raw.nextFrame();
			assertThat(frame).startsWith("ERROR")
				.contains("message:username must be 1-24 letters")
				.contains("\ncode:name-invalid\n");
			raw.awaitClosed();
		}
	}

	private static String toFullwidth(String ascii) {
		StringBuilder wide = new StringBuilder();
		ascii.chars().forEach(c -> wide.append(Character.isLetterOrDigit(c) ? (char) (c - 0x21 + 0xFF01) : (char) c));
		return wide.toString();
	}

}
