package lanchat.system;

import java.nio.file.Path;
import java.util.List;

import lanchat.LanchatApplication;
import lanchat.support.ClosedConnections;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

import static lanchat.support.StompTestClient.content;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Once the server has told its clients that it is restarting, every connection is about
 * to be closed, and none is told of the others' leaves: in a room of n, that would be
 * n²/2 notices in the middle of the stop. An app of its own, as the notice is for good.
 */
class ShutdownNoticeTests {

	@Test
	void afterTheRestartNoticeLeavesAreNoLongerAnnounced(@TempDir Path data) throws Exception {
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(LanchatApplication.class).run(
				"--server.port=0", "--lanchat.data-dir=" + data, "--spring.jmx.enabled=false",
				"--lanchat.admin-secret=")) {
			int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
			try (ClosedConnections closed = new ClosedConnections(app);
					StompTestClient watcher = StompTestClient.connect(port, "watcher").listen();
					StompTestClient talker = StompTestClient.connect(port, "talker").listen()) {
				StompTestClient early = StompTestClient.connect(port, "early").listen();
				StompTestClient late = StompTestClient.connect(port, "late").listen();

				leave(early, closed);
				talker.say("after the early leave");
				assertThat(seenBefore(watcher, "after the early leave")).as("a leave is announced as usual")
					.contains("early has left the chat.");

				app.getBean(ShutdownNotice.class).onApplicationEvent(new ContextClosedEvent(app));
				assertThat(watcher.systemReply("restarting").path("code").asString()).isEqualTo("shutting-down");
				leave(late, closed);
				talker.say("after the late leave");
				assertThat(seenBefore(watcher, "after the late leave")).as("nobody is told of a leave after the notice")
					.noneMatch(content -> content.contains("has left"));
			}
		}
	}

	/** The contents of the public messages and notices the client got before this one. */
	private static List<String> seenBefore(StompTestClient client, String barrier) {
		return client.publicInbox()
			.before(content(barrier))
			.stream()
			.map(message -> message.path("content").asString(""))
			.toList();
	}

	/**
	 * Closes the client and waits until the server is done with its leave: admission says
	 * so after presence has announced it (or not), so whatever is sent afterwards reaches
	 * the others after the announcement.
	 */
	private static void leave(StompTestClient client, ClosedConnections closed) throws InterruptedException {
		String name = client.sessionInfo().path("username").asString();
		client.close();
		closed.awaitClosed(name);
	}

}
