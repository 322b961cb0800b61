package lanchat.system;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import lanchat.support.TlsClients;
import lanchat.support.TlsClients.Frames;
import lanchat.network.LanAddresses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lanchat.tls.local-ca=true}: a client that trusts only the CA lanchat made (as a
 * phone does once its owner installed it from the invite view) connects to {@code wss://}
 * at every address of the machine with no warning, and the CA is offered for download
 * over plain HTTP.
 */
@ExtendWith(OutputCaptureExtension.class)
class LocalCaHttpsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path data;

	private static ConfigurableApplicationContext app;

	private static String startupLog;

	private static X509Certificate ca;

	@BeforeAll
	static void start(CapturedOutput output) throws Exception {
		app = start(data);
		startupLog = output.getOut();
		ca = app.getBean(HttpsConnector.class).ca().certificate();
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
	}

	@Test
	void aClientTrustingOnlyTheCaConnectsOverWssAtEveryAddress() throws Exception {
		HttpClient trustingTheCa = HttpClient.newBuilder().sslContext(TlsClients.trusting(ca)).build();
		Set<String> hosts = new LinkedHashSet<>();
		for (InetAddress address : LanAddresses.find(null)) {
			hosts.add(LanAddresses.urlHost(address));
		}
		assertThat(hosts).as("this machine's LAN addresses").isNotEmpty();
		hosts.addAll(List.of("127.0.0.1", "[::1]", "localhost"));
		String machine = InetAddress.getLocalHost().getHostName();
		if (resolves(machine)) {
			hosts.add(machine);
		}
		for (String host : hosts) {
			Frames frames = new Frames();
			WebSocket socket = trustingTheCa.newWebSocketBuilder()
				.buildAsync(URI.create("wss://" + host + ":" + httpsPort() + "/ws"), frames)
				.get(10, TimeUnit.SECONDS);
			try {
				socket
					.sendText("CONNECT\naccept-version:1.2\nhost:" + host + "\nusername:ca" + hosts.size() + "x"
							+ frames.hashCode() + "\nheart-beat:0,0\n\n\0", true)
					.join();
				assertThat(frames.next()).as(host).startsWith("CONNECTED");
			}
			finally {
				socket.abort();
			}
		}
	}

	@Test
	void theInviteOffersTheCaOverPlainHttpAndItIsTheOneThatSigns() throws Exception {
		HttpClient plain = HttpClient.newHttpClient();
		JsonNode invite = JSON.readTree(plain.send(http("/api/invite"), HttpResponse.BodyHandlers.ofString()).body());
		assertThat(invite.path("ca").path("url").asString()).isEqualTo("/api/invite/ca.crt");
		assertThat(invite.path("ca").path("fingerprint").asString()).isEqualTo(Certificates.fingerprint(ca));
		assertThat(invite.path("fingerprint").isNull()).as("no warning to compare a fingerprint for").isTrue();

		HttpResponse<String> download = plain.send(http("/api/invite/ca.crt"), HttpResponse.BodyHandlers.ofString());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.headers().firstValue("content-type")).hasValue("application/x-x509-ca-cert");
		assertThat(download.headers().firstValue("content-disposition"))
			.hasValueSatisfying(value -> assertThat(value).contains("lanchat-ca.crt"));
		X509Certificate downloaded = (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(download.body().getBytes(StandardCharsets.US_ASCII)));
		assertThat(downloaded).isEqualTo(ca);

		ServerCertificate served = app.getBean(HttpsConnector.class).certificate();
		assertThat(served.lifetime()).isLessThanOrEqualTo(Duration.ofDays(825));
		assertThat(startupLog).contains("its SHA-256 fingerprint is " + Certificates.fingerprint(ca))
			.contains("/api/invite/ca.crt");
	}

	@Test
	void aRenewedCertificateIsServedWithoutARestart(@TempDir Path other) throws Exception {
		try (ConfigurableApplicationContext renewing = start(other)) {
			HttpsConnector connector = renewing.getBean(HttpsConnector.class);
			X509Certificate authority = connector.ca().certificate();
			ServerCertificate before = connector.certificate();
			Instant later = before.notAfter().minus(Duration.ofDays(20));

			assertThat(served(connector.port(), authority, Instant.now()).getSerialNumber())
				.isEqualTo(before.certificate().getSerialNumber());
			assertThat(connector.renewIfDue(later)).isTrue();
			X509Certificate after = served(connector.port(), authority, later);
			assertThat(after.getSerialNumber()).isNotEqualTo(before.certificate().getSerialNumber())
				.isEqualTo(connector.certificate().certificate().getSerialNumber());
		}
	}

	private static ConfigurableApplicationContext start(Path directory) {
		return TestApps.start(directory, "--lanchat.tls.local-ca=true");
	}

	/**
	 * The certificate a new TLS handshake on {@code port} presents, checked against the
	 * CA alone by a client whose clock reads {@code now} (time moved, not waited for).
	 */
	private static X509Certificate served(int port, X509Certificate authority, Instant now) throws Exception {
		List<X509Certificate> seen = new ArrayList<>();
		X509TrustManager atThatTime = new X509TrustManager() {

			@Override
			public void checkServerTrusted(X509Certificate[] chain, String authType) {
				seen.add(chain[0]);
				try {
					PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(authority, null)));
					parameters.setRevocationEnabled(false);
					parameters.setDate(Date.from(now));
					CertPathValidator.getInstance("PKIX")
						.validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(chain[0])),
								parameters);
				}
				catch (Exception ex) {
					throw new IllegalStateException("not trusted at " + now, ex);
				}
			}

			@Override
			public void checkClientTrusted(X509Certificate[] chain, String authType) {
				throw new UnsupportedOperationException();
			}

			@Override
			public X509Certificate[] getAcceptedIssuers() {
				return new X509Certificate[] { authority };
			}

		};
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, new TrustManager[] { atThatTime }, null);
		try (Socket plain = new Socket("127.0.0.1", port);
				SSLSocket socket = (SSLSocket) context.getSocketFactory()
					.createSocket(plain, "localhost", port, true)) {
			socket.startHandshake();
		}
		return seen.get(0);
	}

	private static HttpRequest http(String path) {
		return TestApps.get("http://127.0.0.1:" + TestApps.httpPort(app) + path);
	}

	private static int httpsPort() {
		return TestApps.httpsPort(app);
	}

	private static boolean resolves(String name) {
		try {
			InetAddress.getByName(name);
			return true;
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
