package lanchat.moderation;

import java.nio.file.Path;

import lanchat.LanchatApplication;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.simp.stomp.StompHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bans, mutes, slow mode and moderator rights survive reconnects and restarts; the
 * moderator secret generated on first start is printed once, stored only as a hash, and
 * still works after a restart.
 */
@ExtendWith(OutputCaptureExtension.class)
class BanTests {

	@Test
	void bansMutesSlowModeAndRightsSurviveReconnectAndRestart(@TempDir Path data, CapturedOutput output) {
		String secret;
		String hostToken;
		String trollToken;
		String loudToken;
		try (ConfigurableApplicationContext first = start(data)) {
			int port = port(first);
			secret = printedSecret(output.getAll());
			try (StompTestClient host = StompTestClient.connect(port, "host").listen();
					StompTestClient troll = StompTestClient.connect(port, "troll").listen();
					StompTestClient loud = StompTestClient.connect(port, "loud").listen()) {
				hostToken = host.sessionInfo().path("token").asString();
				trollToken = troll.sessionInfo().path("token").asString();
				loudToken = loud.sessionInfo().path("token").asString();
				host.say("/op " + secret);
				host.systemReply("You are a moderator now");
				host.say("/mute loud 60");
				host.publicInbox()
					.next(m -> "loud was muted for 60 minutes by host.".equals(m.path("content").asString("")));
				host.say("/ban troll");
				host.publicInbox().next(m -> "troll was banned by host.".equals(m.path("content").asString("")));
				host.say("/slow 600");
				host.publicInbox()
					.next(m -> m.path("content").asString("").startsWith("Slow mode: one message every 10 minutes"));
				troll.systemReply("You were banned");
				troll.awaitClosed();
			}
			assertThat(StompTestClient.refusal(port, withToken("troll", trollToken)))
				.isEqualTo("you are banned from this chat");
		}
		try (ConfigurableApplicationContext second = start(data)) {
			int port = port(second);
			assertThat(output.getAll().split("Moderator secret", -1)).as("the secret is printed only once").hasSize(2);
			assertThat(StompTestClient.refusal(port, withToken("troll", trollToken))).as("the ban survived the restart")
				.isEqualTo("you are banned from this chat");
			try (StompTestClient loud = StompTestClient.connect(port, withToken("loud", loudToken)).listen()) {
				loud.say("anyone?");
				loud.systemReply("You are muted for");
			}
			try (StompTestClient chatty = StompTestClient.connect(port, "chatty").listen()) {
				chatty.say("first");
				chatty.publicMessage("chatty", "first");
				chatty.say("second");
				chatty.systemReply("Slow mode is on: wait");
			}
			try (StompTestClient host = StompTestClient.connect(port, withToken("host", hostToken)).listen()) {
				assertThat(host.sessionInfo().path("moderator").asBoolean()).as("rights survived the restart").isTrue();
				try (StompTestClient helper = StompTestClient.connect(port, "helper").listen()) {
					helper.say("/op " + secret);
					helper.systemReply("You are a moderator now");
				}
				host.say("/unban troll");
				host.publicInbox().next(m -> "troll was unbanned by host.".equals(m.path("content").asString("")));
			}
			try (StompTestClient troll = StompTestClient.connect(port, withToken("troll", trollToken))) {
				assertThat(troll.sessionInfo().path("username").asString()).isEqualTo("troll");
			}
		}
	}

	private static String printedSecret(String log) {
		String marker = "/op <secret>): ";
		int at = log.indexOf(marker);
		assertThat(at).as("the generated secret is printed at first start").isPositive();
		return log.substring(at + marker.length()).lines().findFirst().orElseThrow().strip();
	}

	private static StompHeaders withToken(String name, String token) {
		StompHeaders headers = StompTestClient.headers(name);
		headers.add("token", token);
		return headers;
	}

	private static ConfigurableApplicationContext start(Path data) {
		return new SpringApplicationBuilder(LanchatApplication.class).run("--server.port=0",
				"--lanchat.data-dir=" + data, "--spring.jmx.enabled=false", "--lanchat.admin-secret=");
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

}
