package lanchat.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import lanchat.support.ChildServer;
import lanchat.support.ServerProcess;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real process, stopped as systemd and Docker stop it (SIGTERM): connected clients
 * are told the server is restarting, the JVM exits cleanly within 10 s, and every message
 * whose echo (its acknowledgement) reached the client is in the database afterwards.
 * <p>
 * The server runs in a child JVM started from the test class path, so the test runs in
 * {@code mvn test}, before the jar exists.
 */
class GracefulShutdownTests {

	@RegisterExtension
	final ChildServer server = new ChildServer();

	@Test
	void sigtermNotifiesClientsExitsWithinTenSecondsAndKeepsAcknowledgedMessages(@TempDir Path data) throws Exception {
		Path log = data.resolve("server.log");
		ServerProcess.Running running = ServerProcess.startOnFreePort(data.resolve("db"), data, log, "512m");
		server.track(running.process());
		int port = running.port();
		assertOnlyHealthIsPublic(port);

		List<Long> acknowledged = new ArrayList<>();
		try (StompTestClient alice = StompTestClient.connect(port, "alice").listen()) {
			for (int i = 0; i < 20; i++) {
				alice.say("before the stop " + i);
				acknowledged.add(alice.publicMessage("alice", "before the stop " + i).path("id").asLong());
			}
			// a burst still in flight when the signal comes: whatever of it is
			// acknowledged must be kept
			for (int i = 0; i < 30; i++) {
				alice.say("during the stop " + i);
			}

			long signalled = System.nanoTime();
			server.process().destroy(); // SIGTERM on Linux
			boolean exited = server.process().waitFor(10, TimeUnit.SECONDS);
			Duration took = Duration.ofNanos(System.nanoTime() - signalled);

			assertThat(exited).as("exited within 10 s of SIGTERM; log:%n%s", ServerProcess.tail(log)).isTrue();
			assertThat(server.process().exitValue()).as("exit code (0, or 143 for 128+SIGTERM)").isIn(0, 143);
			assertThat(took).isLessThan(Duration.ofSeconds(10));
			System.out.printf("SIGTERM to exit: %d ms, exit code %d%n", took.toMillis(), server.process().exitValue());

			assertThat(alice.systemReply("restarting").path("content").asString()).isEqualTo(ShutdownNotice.NOTICE);
			// the server has gone: everything it sent came before the close
			alice.awaitClosed();
			for (JsonNode message : alice.publicInbox().arrived()) {
				if (message.path("content").asString("").startsWith("during the stop")) {
					acknowledged.add(message.path("id").asLong());
				}
			}
		}

		assertThat(storedIds(data.resolve("db"))).containsAll(acknowledged);
		System.out.printf("stopped %d acknowledged messages kept%n", acknowledged.size());
	}

	/** The packaged defaults put health, and nothing else of the actuator, on the web. */
	private static void assertOnlyHealthIsPublic(int port) throws Exception {
		assertThat(status(port, "GET", "/actuator/health")).isEqualTo(200);
		assertThat(status(port, "GET", "/actuator/prometheus")).isEqualTo(404);
		assertThat(status(port, "GET", "/actuator/metrics")).isEqualTo(404);
		assertThat(status(port, "GET", "/actuator/env")).isEqualTo(404);
		assertThat(status(port, "POST", "/actuator/backup")).isEqualTo(404);
	}

	private static int status(int port, String method, String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.method(method, HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private static Set<Long> storedIds(Path dataDir) throws SQLException {
		Set<Long> ids = new HashSet<>();
		try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("lanchat"), "sa", "");
				Statement statement = db.createStatement();
				ResultSet rows = statement.executeQuery("SELECT id FROM message")) {
			while (rows.next()) {
				ids.add(rows.getLong(1));
			}
		}
		return ids;
	}

}
