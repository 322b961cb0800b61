package lanchat.system;

import lanchat.network.LanAddresses;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLHandshakeException;

import lanchat.LanchatApplication;
import lanchat.support.TlsClients;
import lanchat.support.TlsClients.Frames;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code lanchat.tls.self-signed=true}: the server makes its own certificate and serves
 * the page, the actuator and STOMP over HTTPS/WSS to clients that trust that certificate,
 * while plain HTTP stays. And a certificate of one's own, through a Spring Boot SSL
 * bundle, as docs/configuration.md shows.
 */
@ExtendWith(OutputCaptureExtension.class)
class HttpsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path data;

	private static ConfigurableApplicationContext app;

	private static String startupLog;

	private static X509Certificate certificate;

	private static HttpClient trusting;

	@BeforeAll
	static void start(CapturedOutput output) throws Exception {
		app = new SpringApplicationBuilder(LanchatApplication.class).run("--server.port=0",
				"--lanchat.data-dir=" + data, "--lanchat.tcp.port=0", "--spring.jmx.enabled=false",
				"--lanchat.tls.self-signed=true", "--lanchat.tls.port=0");
		startupLog = output.getOut();
		certificate = Certificates.certificate(Certificates.load(data.resolve("tls/lanchat.p12")));
		trusting = HttpClient.newBuilder().sslContext(TlsClients.trusting(certificate)).build();
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
	}

	@Test
	void servesThePageAndHealthOverHttpsToClientsThatTrustTheCertificate() throws Exception {
		HttpResponse<String> page = trusting.send(request("/"), HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<title>lanchat</title>");
		HttpResponse<String> health = trusting.send(request("/actuator/health"), HttpResponse.BodyHandlers.ofString());
		assertThat(JSON.readTree(health.body()).path("status").asString()).isEqualTo("UP");

		assertThatThrownBy(() -> HttpClient.newHttpClient().send(request("/"), HttpResponse.BodyHandlers.discarding()))
			.as("a client that does not trust the certificate")
			.isInstanceOf(SSLHandshakeException.class);
		HttpResponse<Void> http = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + "/")).build(),
					HttpResponse.BodyHandlers.discarding());
		assertThat(http.statusCode()).as("plain HTTP still works").isEqualTo(200);
	}

	@Test
	void stompWorksOverWss() throws Exception {
		Frames frames = new Frames();
		WebSocket socket = trusting.newWebSocketBuilder()
			.buildAsync(URI.create("wss://localhost:" + httpsPort() + "/ws"), frames)
			.get(10, TimeUnit.SECONDS);
		try {
			socket.sendText("CONNECT\naccept-version:1.2\nhost:localhost\nusername:tls\nheart-beat:0,0\n\n\0", true)
				.join();
			assertThat(frames.next()).startsWith("CONNECTED");
			socket.sendText("SUBSCRIBE\nid:0\ndestination:/topic/public\n\n\0", true).join();
			socket.sendText("SUBSCRIBE\nid:1\ndestination:/app/session\nreceipt:r\n\n\0", true).join();
			assertThat(frames.next()).contains("\"username\":\"tls\"");
			socket
				.sendText("SEND\ndestination:/app/chat.send\ncontent-type:application/json\n\n"
						+ "{\"type\":\"message\",\"content\":\"over wss\"}\0", true)
				.join();
			String echo = frames.next();
			while (!echo.contains("over wss")) {
				echo = frames.next();
			}
			assertThat(echo).startsWith("MESSAGE").contains("\"content\":\"over wss\"");
		}
		finally {
			socket.abort();
		}
	}

	@Test
	void theCertificateNamesTheMachineAndItsFingerprintIsPrintedNextToTheUrl() throws Exception {
		List<String> names = new ArrayList<>();
		certificate.getSubjectAlternativeNames().forEach(name -> names.add(String.valueOf(name.get(1))));
		assertThat(names).contains("localhost", "127.0.0.1");
		for (InetAddress address : LanAddresses.find(null)) {
			assertThat(names.stream().map(LanchatTestAddresses::parse)).as(names.toString()).contains(address);
		}

		assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()))
			.as("Apple and Chrome refuse server certificates valid for longer")
			.isLessThanOrEqualTo(Duration.ofDays(825));
		String fingerprint = Certificates.fingerprint(certificate);
		assertThat(fingerprint).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
		assertThat(startupLog).contains(":" + httpsPort() + "/  (certificate SHA-256 " + fingerprint + ")");

		JsonNode invite = JSON.readTree(HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + "/api/invite")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body());
		assertThat(invite.path("fingerprint").asString()).isEqualTo(fingerprint);
		assertThat(invite.path("urls").toString()).contains("https://").contains(":" + httpsPort() + "/");
	}

	@Test
	void aCertificateOfOnesOwnComesThroughAnSslBundleOnTheMainPort(@TempDir Path own) throws Exception {
		Path file = own.resolve("tls/" + CertificateKeeper.SERVER_FILE);
		X509Certificate mine = CertificateKeeper
			.open(own.resolve("tls"), false, "localhost",
					() -> new CertificateNames(List.of("localhost"), List.of(InetAddress.getLoopbackAddress())),
					Instant.now())
			.current()
			.certificate();
		try (ConfigurableApplicationContext withBundle = new SpringApplicationBuilder(LanchatApplication.class).run(
				"--server.port=0", "--lanchat.data-dir=" + own.resolve("data"), "--lanchat.tcp.port=0",
				"--spring.jmx.enabled=false", "--server.ssl.bundle=mine",
				"--spring.ssl.bundle.jks.mine.keystore.location=file:" + file,
				"--spring.ssl.bundle.jks.mine.keystore.type=PKCS12",
				"--spring.ssl.bundle.jks.mine.keystore.password=" + Certificates.PASSWORD)) {
			int port = Integer.parseInt(withBundle.getEnvironment().getProperty("local.server.port"));
			HttpResponse<String> health = HttpClient.newBuilder()
				.sslContext(TlsClients.trusting(mine))
				.build()
				.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(withBundle.getBean(ServerUrls.class).urls())
				.allSatisfy(url -> assertThat(url).startsWith("https://"));
		}
	}

	private static HttpRequest request(String path) {
		return TestApps.get("https://localhost:" + httpsPort() + path);
	}

	private static int httpsPort() {
		return TestApps.httpsPort(app);
	}

	private static int httpPort() {
		return TestApps.httpPort(app);
	}

	/** SAN values are strings; IP ones compare as addresses, however they are written. */
	private static final class LanchatTestAddresses {

		static InetAddress parse(String name) {
			try {
				return name.matches("[0-9a-fA-F.:]+") ? InetAddress.getByName(name) : null;
			}
			catch (Exception ex) {
				return null;
			}
		}

	}

}
