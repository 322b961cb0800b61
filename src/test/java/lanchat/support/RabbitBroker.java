package lanchat.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assertions;

import static org.awaitility.Awaitility.await;

/**
 * A real RabbitMQ broker (Debian's {@code rabbitmq-server}; {@code .ci/run} installs it)
 * in a temporary directory, on free ports, with an Erlang port mapper of its own so that
 * nothing else on the machine is touched. A broker that cannot start fails the test with
 * the reason, never skips it. {@link #restart} stops it and starts it again on the same
 * port, as an operator's restart would.
 */
public final class RabbitBroker implements AutoCloseable {

	private static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");

	private static final Path CTL = Path.of("/usr/lib/rabbitmq/bin/rabbitmqctl");

	private static final Duration START = Duration.ofSeconds(90);

	private final Path home;

	private final String node;

	private final int port;

	private final int distPort;

	private final int epmdPort;

	private final List<String> plugins;

	private final Map<String, Integer> pluginPorts;

	private Process server;

	private RabbitBroker(Path home, List<String> plugins, Map<String, Integer> pluginPorts) {
		this.home = home;
		this.node = "lanchat" + ProcessHandle.current().pid() + "x" + ExternalServer.freePort() + "@localhost";
		this.port = ExternalServer.freePort();
		this.distPort = ExternalServer.freePort();
		this.epmdPort = ExternalServer.freePort();
		this.plugins = plugins;
		this.pluginPorts = pluginPorts;
	}

	/** Starts a broker and waits until it takes AMQP connections. */
	public static RabbitBroker start() {
		return start(List.of(), Map.of());
	}

	/**
	 * Starts a broker with plugins (e.g. {@code rabbitmq_stomp}) and their settings'
	 * ports (e.g. {@code stomp.listeners.tcp.1}).
	 */
	public static RabbitBroker start(List<String> plugins, Map<String, Integer> pluginPorts) {
		if (!Files.isExecutable(SERVER)) {
			Assertions.fail("RabbitMQ is not installed: " + SERVER
					+ " is missing (apt-get install rabbitmq-server; .ci/run does that)");
		}
		try {
			RabbitBroker broker = new RabbitBroker(Files.createTempDirectory("lanchat-rabbit-"), plugins, pluginPorts);
			broker.configure();
			broker.launch();
			return broker;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return port;
	}

	/** The settings a lanchat node needs to reach this broker. */
	public String[] springSettings() {
		return new String[] { "spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + port,
				"spring.rabbitmq.username=guest", "spring.rabbitmq.password=guest" };
	}

	/**
	 * Stops the broker (its queues and messages are gone) and starts it again on the same
	 * port.
	 */
	public void restart() {
		stop();
		launch();
	}

	/** Stops the broker; {@link #restart} or {@link #close} later. */
	public void stop() {
		ctl("stop");
		try {
			if (!server.waitFor(30, TimeUnit.SECONDS)) {
				server.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		if (server != null && server.isAlive()) {
			stop();
		}
		// the port mapper this broker started for itself, on its own port
		run(List.of("epmd", "-port", Integer.toString(epmdPort), "-kill"));
		deleteQuietly(home);
	}

	private void configure() throws IOException {
		StringBuilder conf = new StringBuilder("listeners.tcp.default = " + port + "\n" + "loopback_users = none\n");
		pluginPorts.forEach((setting, value) -> conf.append(setting).append(" = ").append(value).append('\n'));
		Files.writeString(home.resolve("rabbitmq.conf"), conf);
		Files.writeString(home.resolve("enabled_plugins"), "[" + String.join(",", plugins) + "].");
	}

	private Map<String, String> environment() {
		return Map.of("RABBITMQ_NODENAME", node, "RABBITMQ_NODE_PORT", Integer.toString(port), "RABBITMQ_DIST_PORT",
				Integer.toString(distPort), "ERL_EPMD_PORT", Integer.toString(epmdPort), "RABBITMQ_MNESIA_BASE",
				home.resolve("mnesia").toString(), "RABBITMQ_LOG_BASE", home.resolve("log").toString(),
				"RABBITMQ_CONFIG_FILE", home.resolve("rabbitmq").toString(), "RABBITMQ_ENABLED_PLUGINS_FILE",
				home.resolve("enabled_plugins").toString(), "HOME", home.toString());
	}

	private void launch() {
		ProcessBuilder builder = new ProcessBuilder(SERVER.toString()).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("server.out").toFile()));
		builder.environment().putAll(environment());
		try {
			server = builder.start();
		}
		catch (IOException ex) {
			Assertions.fail("RabbitMQ could not be started: " + ex.getMessage());
		}
		try {
			await().atMost(START)
				.pollInterval(Duration.ofMillis(250))
				.until(() -> !server.isAlive() || listening() && ctl("await_startup") == 0);
		}
		catch (ConditionTimeoutException notStarted) {
			server.destroyForcibly();
			Assertions.fail("RabbitMQ did not start within " + START.toSeconds() + " s; its output:\n" + tail());
		}
		if (!server.isAlive()) {
			Assertions.fail("RabbitMQ stopped while starting; its output:\n" + tail());
		}
	}

	private boolean listening() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private int ctl(String... arguments) {
		List<String> command = new ArrayList<>(List.of(CTL.toString(), "-n", node));
		command.addAll(List.of(arguments));
		return run(command);
	}

	private int run(List<String> command) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("ctl.out").toFile()));
		builder.environment().putAll(environment());
		try {
			Process ctl = builder.start();
			if (!ctl.waitFor(60, TimeUnit.SECONDS)) {
				ctl.destroyForcibly();
				return -1;
			}
			return ctl.exitValue();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private String tail() {
		try {
			List<String> lines = new ArrayList<>(
					Files.readAllLines(home.resolve("server.out"), StandardCharsets.UTF_8));
			Path logs = home.resolve("log");
			if (Files.isDirectory(logs)) {
				try (Stream<Path> files = Files.list(logs)) {
					for (Path log : files.toList()) {
						lines.addAll(Files.readAllLines(log, StandardCharsets.UTF_8));
					}
				}
			}
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

	private static void deleteQuietly(Path directory) {
		try (Stream<Path> all = Files.walk(directory)) {
			all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory: the system cleans it eventually
		}
	}

}
