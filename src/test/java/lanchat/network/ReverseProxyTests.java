package lanchat.network;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import lanchat.support.BehindProxyIntegrationTest;
import lanchat.support.ExternalServer;
import lanchat.support.Nginx;
import lanchat.support.RawHttp;
import lanchat.support.RawHttp.Target;
import lanchat.support.TlsClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The nginx and Caddy configurations in docs/operations.md, run as they are written (only
 * the ports changed) under the real servers from Debian, in front of the real app:
 * WebSockets pass, clients behind the proxy keep their own addresses for the limits, a
 * made-up {@code X-Forwarded-For} is ignored, and uploads larger than the proxies'
 * defaults get through.
 */
class ReverseProxyTests extends BehindProxyIntegrationTest {

	private static final Path OPERATIONS = Path.of("docs/operations.md");

	/**
	 * More than nginx's default body limit (1 MiB), less than what Tomcat drains from a
	 * refused request.
	 */
	private static final int UPLOAD = 1536 * 1024;

	private static final long START_SECONDS = 30;

	@Test
	void nginxAsDocumented(@TempDir Path dir) throws Exception {
		int proxyPort = ExternalServer.freePort();
		String site = documented("nginx", "listen 80;", "listen 127.0.0.1:" + proxyPort + ";",
				"proxy_pass http://127.0.0.1:8080;", "proxy_pass http://127.0.0.1:" + port + ";");
		try (Nginx proxy = Nginx.start(dir, site)) {
			String host = "chat.home.lan:" + proxyPort;
			clientsKeepTheirAddresses(List.of(Target.plain("127.0.0.12", "127.0.0.1", proxyPort),
					Target.plain("127.0.0.13", "127.0.0.1", proxyPort),
					Target.plain("127.0.0.14", "127.0.0.1", proxyPort)), host);
		}
	}

	@Test
	void caddyAsDocumented(@TempDir Path dir) throws Exception {
		Path caddy = ExternalServer.require("caddy", "caddy");
		int proxyPort = ExternalServer.freePort();
		String site = documented("caddyfile", "chat.home.lan {", "chat.home.lan:" + proxyPort + " {",
				"reverse_proxy 127.0.0.1:8080", "reverse_proxy 127.0.0.1:" + port);
		Path storage = dir.resolve("storage");
		Path caddyfile = dir.resolve("Caddyfile");
		Files.writeString(caddyfile, "{\n\tadmin off\n\tauto_https disable_redirects\n\tskip_install_trust\n"
				+ "\tstorage file_system {\n\t\troot " + storage + "\n\t}\n}\n" + site);
		ProcessBuilder builder = new ProcessBuilder(caddy.toString(), "run", "--config", caddyfile.toString(),
				"--adapter", "caddyfile")
			.redirectErrorStream(true);
		builder.environment()
			.putAll(Map.of("HOME", dir.toString(), "XDG_DATA_HOME", dir.resolve("data").toString(), "XDG_CONFIG_HOME",
					dir.resolve("config").toString()));
		Process process = builder.start();
		try {
			CompletableFuture<Void> ready = new CompletableFuture<>();
			List<String> lines = new ArrayList<>();
			Thread reader = new Thread(() -> watch(process.getInputStream(), lines, ready), "caddy-log");
			reader.setDaemon(true);
			reader.start();
			ready.get(START_SECONDS, TimeUnit.SECONDS);
			SSLContext trustingCaddy = trusting(storage.resolve("pki/authorities/local/root.crt"));
			// caddy says it obtained the certificate a moment before it serves it: until
			// then a handshake ends in an "internal_error" alert
			await().atMost(Duration.ofSeconds(START_SECONDS))
				.pollInterval(Duration.ofMillis(100))
				.ignoreExceptions()
				.until(() -> handshakes(trustingCaddy, proxyPort, "chat.home.lan"));
			String host = "chat.home.lan:" + proxyPort;
			List<Target> clients = new ArrayList<>();
			for (String from : List.of("127.0.0.22", "127.0.0.23", "127.0.0.24")) {
				clients.add(Target.plain(from, "127.0.0.1", proxyPort).withTls(trustingCaddy, "chat.home.lan"));
			}
			clientsKeepTheirAddresses(clients, host);
		}
		finally {
			process.destroy();
			process.waitFor(START_SECONDS, TimeUnit.SECONDS);
		}
	}

	/**
	 * Three clients on three addresses, through the proxy; the app allows one connection
	 * per address. The first two both connect (two addresses, not one proxy); the third
	 * claims the first one's address in {@code X-Forwarded-For} and still connects (the
	 * claim is ignored), and so does not take the first one's place; then an upload over
	 * the proxy's default size reaches the app.
	 */
	private void clientsKeepTheirAddresses(List<Target> clients, String host) {
		try (RawHttp.WebSocket first = RawHttp.webSocket(clients.get(0), Map.of("Host", host));
				RawHttp.WebSocket second = RawHttp.webSocket(clients.get(1), Map.of("Host", host));
				RawHttp.WebSocket spoofer = RawHttp.webSocket(clients.get(2),
						Map.of("Host", host, "X-Forwarded-For", clients.get(0).from().getHostAddress()))) {
			assertThat(List.of(first.status(), second.status(), spoofer.status())).containsOnly(101);
			assertThat(first.connect(name("first"))).startsWith("CONNECTED");
			assertThat(second.connect(name("second"))).as("a second client behind the proxy").startsWith("CONNECTED");
			assertThat(spoofer.connect(name("spoofer"))).as("a made-up X-Forwarded-For is not believed")
				.startsWith("CONNECTED");
			try (RawHttp.WebSocket again = RawHttp.webSocket(clients.get(0), Map.of("Host", host))) {
				assertThat(again.connect(name("again"))).as("the first client's address, counted as its own")
					.startsWith("ERROR")
					.contains("code:too-many-connections");
			}
		}
		RawHttp.Response upload = RawHttp.request(clients.get(0), "POST", "/api/files",
				Map.of("Host", host, "Content-Type", "application/octet-stream"), new byte[UPLOAD]);
		assertThat(upload.status()).as("not refused by the proxy for its size").isNotEqualTo(413);
		assertThat(upload.headers()).as("answered by lanchat itself").containsKey("content-security-policy");
	}

	/**
	 * The configuration block of that language in docs/operations.md, with its listening
	 * address and its upstream (which must be there as written) changed to this test's
	 * ports.
	 */
	private static String documented(String language, String listen, String testListen, String upstream,
			String testUpstream) {
		String block = ExternalServer.codeBlock(OPERATIONS, language);
		assertThat(block).contains(listen, upstream);
		return block.replace(listen, testListen).replace(upstream, testUpstream);
	}

	private static void watch(InputStream log, List<String> lines, CompletableFuture<Void> ready) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(log, StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				synchronized (lines) {
					lines.add(line);
				}
				if (line.contains("certificate obtained successfully")) {
					ready.complete(null);
				}
			}
		}
		catch (IOException ex) {
			// the process ended
		}
		synchronized (lines) {
			ready.completeExceptionally(
					new AssertionError("caddy stopped before it served:\n" + String.join("\n", lines)));
		}
	}

	/**
	 * Whether a TLS handshake for {@code serverName} with the server on the port
	 * completes.
	 */
	private static boolean handshakes(SSLContext context, int port, String serverName) throws IOException {
		try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setServerNames(List.of(new SNIHostName(serverName)));
			socket.setSSLParameters(parameters);
			socket.setSoTimeout(5_000);
			socket.startHandshake();
			return true;
		}
	}

	private static SSLContext trusting(Path rootCertificate) throws Exception {
		try (InputStream in = Files.newInputStream(rootCertificate)) {
			return TlsClients
				.trusting((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
		}
	}

}
