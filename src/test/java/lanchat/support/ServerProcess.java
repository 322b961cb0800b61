package lanchat.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import lanchat.LanchatApplication;
import org.awaitility.core.ConditionTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server in a child JVM started from the test class path (so tests that stop or kill
 * it run in {@code mvn test}, before the jar exists), started as systemd does: in a
 * directory of its own, so no application.yml of the project is read, with the packaged
 * defaults except for free ports.
 */
public final class ServerProcess {

	/** What the server logs once it listens, before the port. */
	private static final String STARTED = "Tomcat started on port ";

	private ServerProcess() {
	}

	/** A server started by {@link #startOnFreePort}, and the port it listens on. */
	public record Running(Process process, int port) {
	}

	/**
	 * Starts the server and waits until it is healthy; its output is appended to
	 * {@code log}.
	 * @param heap the {@code -Xmx} value, e.g. {@code 512m}
	 */
	public static Process start(int port, Path dataDir, Path workingDir, Path log, String heap, String... settings)
			throws Exception {
		long logged = logged(log);
		Process server = launch(port, dataDir, workingDir, log, heap, settings);
		assertThat(awaitHealthy(server, port, log, logged)).as("port %d taken; log:%n%s", port, tail(log)).isTrue();
		return server;
	}

	/**
	 * As {@link #start}, on a port that was free a moment before: another process may
	 * take it before the server binds it, and then the server is started again on another
	 * one.
	 */
	public static Running startOnFreePort(Path dataDir, Path workingDir, Path log, String heap, String... settings)
			throws Exception {
		for (int attempt = 1;; attempt++) {
			int port = freePort();
			long logged = logged(log);
			Process server = launch(port, dataDir, workingDir, log, heap, settings);
			if (awaitHealthy(server, port, log, logged)) {
				return new Running(server, port);
			}
			assertThat(attempt).as("ports taken three times; log:%n%s", tail(log)).isLessThan(3);
		}
	}

	private static Process launch(int port, Path dataDir, Path workingDir, Path log, String heap, String... settings)
			throws IOException {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:TieredStopAtLevel=1", "-cp", classPath,
				LanchatApplication.class.getName(), "--server.port=" + port, "--lanchat.data-dir=" + dataDir,
				"--lanchat.tcp.port=0", "--spring.jmx.enabled=false"));
		command.addAll(List.of(settings));
		return new ProcessBuilder(command).directory(workingDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
	}

	/**
	 * @param logged how much of the log was there before this server started
	 * @return true once the server is healthy, false if it stopped because another
	 * process had taken its port; fails if it stopped for another reason (a server that
	 * answers on the port counts only once this one says it listens there)
	 */
	private static boolean awaitHealthy(Process server, int port, Path log, long logged) throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
			.timeout(Duration.ofSeconds(2))
			.build();
		try {
			await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> !server.isAlive() || healthy(http, health) && since(log, logged).contains(STARTED + port));
		}
		catch (ConditionTimeoutException notHealthy) {
			server.destroyForcibly();
			throw new AssertionError("server did not become healthy; log:\n" + tail(log));
		}
		if (server.isAlive()) {
			return true;
		}
		assertThat(tail(log)).as("server died; log:%n%s", tail(log)).contains("Port " + port + " was already in use");
		return false;
	}

	private static boolean healthy(HttpClient http, HttpRequest health) throws InterruptedException {
		try {
			return http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
		}
		catch (IOException notListeningYet) {
			return false;
		}
	}

	private static long logged(Path log) throws IOException {
		return Files.exists(log) ? Files.size(log) : 0;
	}

	private static String since(Path log, long logged) throws IOException {
		byte[] all = Files.readAllBytes(log);
		return new String(all, (int) Math.min(logged, all.length), all.length - (int) Math.min(logged, all.length),
				StandardCharsets.UTF_8);
	}

	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** The last lines of the server's log, for a failure message. */
	public static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

}
