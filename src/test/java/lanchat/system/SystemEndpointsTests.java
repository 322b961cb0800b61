package lanchat.system;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import lanchat.LanchatApplication;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * One real server with metrics and backups turned on as docs/operations.md says: the
 * startup log and the invite view show the machine's LAN URLs, health shows the database,
 * Prometheus shows the chat's metrics, and a backup taken while it runs can be restored.
 * Its data directory does not exist before it starts, as on a first start from a shell,
 * whose umask lets everyone read new files.
 */
@ExtendWith(OutputCaptureExtension.class)
class SystemEndpointsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@TempDir
	static Path parent;

	static Path data;

	private static ConfigurableApplicationContext app;

	private static int port;

	/** What the server logged while starting. */
	private static String startupLog;

	@BeforeAll
	static void start(CapturedOutput output) {
		data = parent.resolve("data");
		app = new SpringApplicationBuilder(LanchatApplication.class).run("--server.port=0",
				"--lanchat.data-dir=" + data, "--lanchat.tcp.port=0", "--spring.jmx.enabled=false",
				"--management.endpoints.web.exposure.include=health,prometheus,backup", "--lanchat.backup.keep=2");
		port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
		startupLog = output.getOut();
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
	}

	@Test
	void theStartupLogListsTheMachinesAddressesAndNoLoopback() throws Exception {
		List<String> printed = printedUrls();
		assertThat(printed).isNotEmpty()
			.allSatisfy(url -> assertThat(url).startsWith("http://").endsWith(":" + port + "/"));
		Set<InetAddress> hosts = new HashSet<>();
		for (String url : printed) {
			InetAddress host = InetAddress.getByName(URI.create(url).getHost().replaceAll("[\\[\\]]", ""));
			assertThat(host.isLoopbackAddress()).as(url).isFalse();
			hosts.add(host);
		}
		assertThat(hosts).containsAll(machineAddresses());
	}

	@Test
	void theStartupLogDrawsTheFirstUrlAsAQrCode() {
		List<String> lines = startupLog.lines().toList();
		int scan = -1;
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).startsWith("Scan to join ")) {
				scan = i;
			}
		}
		assertThat(scan).as("a 'Scan to join' line in:%n%s", startupLog).isNotNegative();
		List<String> drawing = new ArrayList<>();
		for (int i = scan + 1; i < lines.size() && lines.get(i).matches("[ \u2580\u2584\u2588]+"); i++) {
			drawing.add(lines.get(i));
		}
		assertThat(QrSupport.decodeTerminal(drawing)).isEqualTo(printedUrls().get(0));
	}

	@Test
	void theInviteViewShowsThePrintedUrlsAndItsQrCodeDecodesToTheFirst() throws Exception {
		JsonNode invite = JSON.readTree(get("/api/invite").body());
		List<String> urls = new ArrayList<>();
		invite.path("urls").forEach(url -> urls.add(url.asString()));
		assertThat(urls).isEqualTo(printedUrls());

		HttpResponse<String> svg = get("/api/invite/qr.svg");
		assertThat(svg.statusCode()).isEqualTo(200);
		assertThat(svg.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("image/svg+xml"));
		assertThat(QrSupport.decodeSvg(svg.body())).isEqualTo(printedUrls().get(0));

		String last = urls.get(urls.size() - 1);
		assertThat(QrSupport
			.decodeSvg(get("/api/invite/qr.svg?url=" + URLEncoder.encode(last, StandardCharsets.UTF_8)).body()))
			.isEqualTo(last);
		assertThat(get("/api/invite/qr.svg?url=" + URLEncoder.encode("http://example.org/", StandardCharsets.UTF_8))
			.statusCode()).as("only the server's own URLs are drawn").isEqualTo(404);
	}

	@Test
	void healthIsUpAndShowsTheDatabase() throws Exception {
		HttpResponse<String> response = get("/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode health = JSON.readTree(response.body());
		assertThat(health.path("status").asString()).isEqualTo("UP");
		assertThat(health.path("components").path("db").path("status").asString()).isEqualTo("UP");
		assertThat(health.path("components").path("db").path("details").path("database").asString()).isEqualTo("H2");
	}

	@Test
	void prometheusShowsTheChatMetricsAfterTraffic() throws Exception {
		try (StompTestClient carol = StompTestClient.connect(port, "carol").listen()) {
			carol.say("counted");
			carol.publicMessage("carol", "counted");

			HttpResponse<String> response = get("/actuator/prometheus");
			assertThat(response.statusCode()).isEqualTo(200);
			String metrics = response.body();
			assertThat(value(metrics, "lanchat_connections")).isGreaterThanOrEqualTo(1);
			assertThat(value(metrics, "lanchat_users_online")).isGreaterThanOrEqualTo(1);
			assertThat(value(metrics, "lanchat_messages_delivered_total{type=\"message\"}")).isGreaterThanOrEqualTo(1);
			assertThat(value(metrics, "lanchat_messages_delivered_total{type=\"notification\"}"))
				.isGreaterThanOrEqualTo(1);
			assertThat(metrics).contains("lanchat_messages_received_total{type=\"message\"}",
					"lanchat_frames_refused_total{reason=\"rate\"}", "lanchat_history_write_seconds_count",
					"lanchat_slow_consumer_disconnects_total");
		}
	}

	@Test
	void aBackupTakenWhileRunningRestores() throws Exception {
		try (StompTestClient dave = StompTestClient.connect(port, "dave").listen()) {
			dave.say("kept in the backup");
			dave.publicMessage("dave", "kept in the backup");

			Path backup = backup();
			assertThat(backup.startsWith(data.resolve("backups"))).as(backup.toString()).isTrue();

			Path restored = Files.createDirectories(data.resolve("restored"));
			unzip(backup, restored);
			try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + restored.resolve("lanchat"), "sa", "");
					Statement statement = db.createStatement();
					ResultSet row = statement
						.executeQuery("SELECT COUNT(*) FROM message WHERE content = 'kept in the backup'")) {
				row.next();
				assertThat(row.getInt(1)).isEqualTo(1);
			}
		}
	}

	@Test
	void onlyTheNewestBackupsAreKept() throws Exception {
		List<Path> taken = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			taken.add(backup());
		}
		try (var files = Files.list(data.resolve("backups"))) {
			assertThat(files.toList()).as("lanchat.backup.keep=2")
				.containsExactlyInAnyOrderElementsOf(taken.subList(2, 4));
		}
	}

	@Test
	void theDataDirectoryBackupsAndDatabaseAreTheServersUsersAlone() throws Exception {
		assumeThat(data.getFileSystem().supportedFileAttributeViews()).contains("posix");
		Path backup = backup();
		assertThat(mode(data)).isEqualTo("rwx------");
		assertThat(mode(data.resolve("lanchat.mv.db"))).isEqualTo("rw-------");
		assertThat(mode(data.resolve("backups"))).isEqualTo("rwx------");
		assertThat(mode(backup)).isEqualTo("rw-------");
		assertThat(mode(data.resolve("files"))).isEqualTo("rwx------");
		assertThat(mode(data.resolve("files").resolve("blobs"))).isEqualTo("rwx------");
	}

	private static String mode(Path path) throws IOException {
		return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
	}

	/** Starts a backup as docs/operations.md says, and returns its file. */
	private static Path backup() throws Exception {
		HttpResponse<String> response = HTTP
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/backup"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Path.of(JSON.readTree(response.body()).path("file").asString());
	}

	private List<String> printedUrls() {
		List<String> urls = new ArrayList<>();
		boolean inList = false;
		for (String line : startupLog.lines().toList()) {
			if (line.contains("Others on this network can join at:")) {
				inList = true;
				urls.clear();
				continue;
			}
			if (inList && line.startsWith("  http")) {
				urls.add(line.trim().split("\\s+")[0]);
			}
			else {
				inList = false;
			}
		}
		return urls;
	}

	/**
	 * What the operating system says this machine's addresses are, besides loopback and
	 * link-local.
	 */
	private static Set<InetAddress> machineAddresses() throws Exception {
		Process hostname;
		try {
			hostname = new ProcessBuilder("hostname", "-I").redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			assumeThat(ex).as("the hostname command is not installed").isNull();
			return Set.of();
		}
		String out = new String(hostname.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assumeThat(hostname.waitFor(10, TimeUnit.SECONDS) && hostname.exitValue() == 0).isTrue();
		Set<InetAddress> addresses = new HashSet<>();
		for (String word : out.trim().split("\\s+")) {
			if (!word.isEmpty()) {
				InetAddress address = InetAddress.getByName(word);
				if (!address.isLinkLocalAddress() && !address.isLoopbackAddress()) {
					addresses.add(address);
				}
			}
		}
		assumeThat(addresses).as("this machine has a network address").isNotEmpty();
		return addresses;
	}

	private static HttpResponse<String> get(String path) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static double value(String metrics, String series) {
		return metrics.lines()
			.filter(line -> line.startsWith(series + " ") || line.startsWith(series + "{"))
			.filter(line -> !series.contains("{") || line.startsWith(series))
			.map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + series + " in:\n" + metrics));
	}

	private static void unzip(Path zip, Path into) throws IOException {
		try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				Path target = into.resolve(entry.getName()).normalize();
				assertThat(target.startsWith(into)).as(entry.getName()).isTrue();
				Files.copy((InputStream) in, target);
			}
		}
	}

}
