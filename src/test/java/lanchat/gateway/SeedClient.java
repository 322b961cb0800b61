package lanchat.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One of the seed's own Python clients (src/test/resources/seed), run unchanged with
 * {@code python3} against the test server: the test types lines into its standard input
 * and reads what it prints.
 */
final class SeedClient implements AutoCloseable {

	static final Duration WAIT = Duration.ofSeconds(10);

	private final String script;

	private final Process process;

	private final Writer stdin;

	private final List<String> stdout = new CopyOnWriteArrayList<>();

	/** Notified of every line the client prints. */
	private final Object printed = new Object();

	private final StringBuffer stderr = new StringBuffer();

	private SeedClient(String script, Process process) {
		this.script = script;
		this.process = process;
		this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
		collect(process.getInputStream(), this::printed, "stdout");
		collect(process.getErrorStream(), line -> stderr.append(line).append('\n'), "stderr");
	}

	/**
	 * Starts {@code chat_client_v2.py} or {@code chat_client_v3.py} pointed at
	 * 127.0.0.1:{@code port}.
	 */
	static SeedClient start(String script, int port) {
		try {
			Path folder = Path.of(SeedClient.class.getResource("/seed/run_client.py").toURI()).getParent();
			ProcessBuilder builder = new ProcessBuilder("python3", "-u", "run_client.py", script, "127.0.0.1",
					Integer.toString(port))
				.directory(folder.toFile());
			builder.environment().put("PYTHONIOENCODING", "utf-8");
			return new SeedClient(script, builder.start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Types a line, as a person would at the client's prompt. */
	void type(String line) {
		try {
			stdin.write(line + "\n");
			stdin.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits until the client has printed a line that contains {@code text}, and returns
	 * it.
	 */
	String await(String text) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		synchronized (printed) {
			while (true) {
				for (String line : stdout) {
					if (line.contains(text)) {
						return line;
					}
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					break;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(printed, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new AssertionError(ex);
				}
			}
		}
		throw new AssertionError(script + " did not print \"" + text + "\" within " + WAIT + "; it printed:\n"
				+ output() + "\nand on stderr:\n" + stderr);
	}

	private void printed(String line) {
		synchronized (printed) {
			stdout.add(line);
			printed.notifyAll();
		}
	}

	String output() {
		return String.join("\n", stdout);
	}

	String errors() {
		return stderr.toString();
	}

	/**
	 * Ends the client. The seed's clients never quit on their own (their receive loop
	 * even spins once the server has closed), so it is killed, which closes its socket as
	 * quitting would.
	 */
	@Override
	public void close() {
		process.destroyForcibly();
		try {
			process.waitFor(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void collect(InputStream stream, java.util.function.Consumer<String> sink, String name) {
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
				for (String line = lines.readLine(); line != null; line = lines.readLine()) {
					sink.accept(line);
				}
			}
			catch (IOException ex) {
				// the process is gone
			}
		}, "seed-client-" + name);
		reader.setDaemon(true);
		reader.start();
	}

}
