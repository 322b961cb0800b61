package lanchat.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real nginx (Debian's; {@code .ci/run} installs it) running one {@code server} block
 * from the docs in a directory of its own, with every path it writes inside that
 * directory.
 */
public final class Nginx implements AutoCloseable {

	private static final long START_SECONDS = 30;

	private final Path nginx;

	private final Path conf;

	private final Path dir;

	private Nginx(Path nginx, Path dir, Path conf) {
		this.nginx = nginx;
		this.dir = dir;
		this.conf = conf;
	}

	/**
	 * Starts nginx with {@code site} (what goes inside {@code http {}}) and waits until
	 * it listens.
	 */
	public static Nginx start(Path dir, String site) throws IOException, InterruptedException {
		Path nginx = ExternalServer.require("nginx", "nginx");
		// the workers run as nobody when the tests run as root: they must reach their
		// temp directories
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
		Path conf = dir.resolve("nginx.conf");
		Files.writeString(conf, "pid " + dir.resolve("nginx.pid") + ";\nerror_log " + dir.resolve("error.log") + ";\n"
				+ "worker_processes 1;\nevents { worker_connections 64; }\nhttp {\naccess_log off;\n"
				+ "client_body_temp_path " + dir.resolve("body") + ";\nproxy_temp_path " + dir.resolve("proxy") + ";\n"
				+ "fastcgi_temp_path " + dir.resolve("fastcgi") + ";\nuwsgi_temp_path " + dir.resolve("uwsgi") + ";\n"
				+ "scgi_temp_path " + dir.resolve("scgi") + ";\n" + site + "}\n");
		// nginx puts itself in the background once it listens: its exit says it is ready
		Process start = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", conf.toString())
			.redirectErrorStream(true)
			.start();
		assertThat(start.waitFor(START_SECONDS, TimeUnit.SECONDS)).as("nginx starts").isTrue();
		assertThat(start.exitValue()).as(() -> output(start) + log(dir.resolve("error.log"))).isZero();
		return new Nginx(nginx, dir, conf);
	}

	@Override
	public void close() throws IOException, InterruptedException {
		new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", conf.toString(), "-s", "stop")
			.redirectErrorStream(true)
			.start()
			.waitFor(START_SECONDS, TimeUnit.SECONDS);
	}

	private static String output(Process process) {
		try {
			return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static String log(Path file) {
		try {
			return Files.exists(file) ? Files.readString(file) : "";
		}
		catch (IOException ex) {
			return "";
		}
	}

}
