package lanchat.history;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import lanchat.LanchatApplication;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.simp.stomp.StompHeaders;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stop the server and start it again on the same data directory: every acknowledged
 * message is still in history, ids keep increasing, identities and held names survive.
 */
class RestartTests {

	@Test
	void acknowledgedMessagesIdentitiesAndIdsSurviveARestart(@TempDir Path data) {
		List<Long> acknowledged = new ArrayList<>();
		String token;
		try (ConfigurableApplicationContext first = start(data)) {
			int port = port(first);
			try (StompTestClient alice = StompTestClient.connect(port, "alice").listen()) {
				token = alice.sessionInfo().path("token").asString();
				for (int i = 0; i < 100; i++) {
					alice.say("before the restart " + i);
				}
				for (int i = 0; i < 100; i++) {
					acknowledged.add(alice.publicMessage("alice", "before the restart " + i).path("id").asLong());
				}
			}
		}
		try (ConfigurableApplicationContext second = start(data)) {
			int port = port(second);
			assertThat(StompTestClient.refusal(port, StompTestClient.headers("ALICE"))).as("the name is still held")
				.isEqualTo("username \"ALICE\" is taken");
			StompHeaders withToken = StompTestClient.headers("alice");
			withToken.add("token", token);
			try (StompTestClient alice = StompTestClient.connect(port, withToken).listen()) {
				StompHeaders all = new StompHeaders();
				all.add("after", "0");
				all.add("limit", "200");
				JsonNode history = alice.request("/app/history", all);
				List<Long> kept = new ArrayList<>();
				history.forEach(message -> kept.add(message.path("id").asLong()));
				assertThat(kept).containsAll(acknowledged);
				alice.say("after the restart");
				long next = alice.publicMessage("alice", "after the restart").path("id").asLong();
				assertThat(next).isGreaterThan(acknowledged.get(acknowledged.size() - 1));
			}
		}
	}

	private static ConfigurableApplicationContext start(Path data) {
		return new SpringApplicationBuilder(LanchatApplication.class).run("--server.port=0",
				"--lanchat.data-dir=" + data, "--spring.jmx.enabled=false", "--lanchat.limits.rate-per-second=1000",
				"--lanchat.limits.burst=1000");
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

}
