package lanchat.web.tomcat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import lanchat.support.IntegrationTest;
import lanchat.support.RawHttp;
import lanchat.support.RawHttp.Target;
import lanchat.support.StompTestClient;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow-loris on HTTP: one address that opens connection after connection and sends
 * nothing (or half a request) is cut off at its share when the connection is accepted,
 * while other addresses are served; a half-open request is closed by the connection
 * time-out. Each test uses addresses of its own (127.0.0.x on loopback).
 */
@TestPropertySource(properties = { "lanchat.limits.sockets-per-address=4", "server.tomcat.connection-timeout=1s",
		"server.tomcat.keep-alive-timeout=1s", "server.tomcat.max-connections=8192",
		"lanchat.trusted-proxies=127.0.0.44" })
class AcceptCapTests extends IntegrationTest {

	@Autowired
	ServletWebServerApplicationContext context;

	@Test
	void connectionsBeyondTheCapAreClosedAsTheyAreAcceptedWhileOtherAddressesAreServed() throws IOException {
		List<RawHttp.WebSocket> held = new ArrayList<>();
		try {
			// WebSockets stay open without a time-out: four connections that only the cap
			// can stop
			for (int i = 0; i < 4; i++) {
				held.add(RawHttp.webSocket(target("127.0.0.41"), headers()));
				assertThat(held.get(i).status()).isEqualTo(101);
			}
			try (Socket fifth = open("127.0.0.41")) {
				fifth.getOutputStream().write(request().getBytes(StandardCharsets.ISO_8859_1));
				assertThat(readAll(fifth)).as("closed as accepted, before its request is read").isEmpty();
			}
			assertThat(RawHttp.get(target("127.0.0.42"), "/", headers()).status()).as("another address").isEqualTo(200);

			held.remove(0).close();
			assertThat(servedOnceItsCountDrops("127.0.0.41")).as("a closed connection gives its place back").isTrue();
		}
		finally {
			held.forEach(RawHttp.WebSocket::close);
		}
	}

	@Test
	void aTrustedProxyIsNotCappedEveryClientBehindItSharesItsAddress() {
		List<RawHttp.WebSocket> held = new ArrayList<>();
		try {
			for (int i = 0; i < 6; i++) {
				held.add(RawHttp.webSocket(target("127.0.0.44"), headers()));
				assertThat(held.get(i).status()).isEqualTo(101);
			}
			assertThat(RawHttp.get(target("127.0.0.44"), "/", headers()).status()).isEqualTo(200);
		}
		finally {
			held.forEach(RawHttp.WebSocket::close);
		}
	}

	@Test
	void aHalfOpenRequestIsClosedByTheConnectionTimeout() throws IOException {
		try (Socket loris = open("127.0.0.43")) {
			loris.getOutputStream()
				.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Slow: ")
					.getBytes(StandardCharsets.ISO_8859_1));
			String answer = readAll(loris);
			assertThat(answer.isEmpty() || answer.startsWith("HTTP/1.1 4")).as(answer).isTrue();
		}
		try (Socket idle = open("127.0.0.43")) {
			assertThat(readAll(idle)).as("a connection that never sends anything").isEmpty();
		}
	}

	@Test
	void everyConnectorHasRoomForHttpAboveTheChatsOwnLimit() {
		Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
		assertThat(connector.getProtocolHandler()).isInstanceOf(CappedHttp11NioProtocol.class);
		assertThat(((AbstractProtocol<?>) connector.getProtocolHandler()).getMaxConnections())
			.as("server.tomcat.max-connections=8192 is below lanchat.limits.max-connections=10000")
			.isEqualTo(10000 + AcceptCap.HTTP_HEADROOM);
	}

	/**
	 * The server notices a close when it gets to it: try until it has, within the usual
	 * wait.
	 */
	private boolean servedOnceItsCountDrops(String from) {
		long deadline = System.nanoTime() + StompTestClient.WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (RawHttp.get(target(from), "/", headers()).status() == 200) {
					return true;
				}
			}
			catch (RuntimeException refused) {
				// closed as accepted: not yet
			}
			Thread.onSpinWait();
		}
		return false;
	}

	private Socket open(String from) throws IOException {
		Socket socket = new Socket();
		socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
		socket.connect(new InetSocketAddress("127.0.0.1", port));
		socket.setSoTimeout((int) StompTestClient.WAIT.toMillis());
		return socket;
	}

	/**
	 * Everything the server sends until it closes the connection; fails if it does not
	 * close it in time.
	 */
	private static String readAll(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		try {
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (SocketException reset) {
			return "";
		}
	}

	private String request() {
		return "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n";
	}

	private Target target(String from) {
		return Target.plain(from, "127.0.0.1", port);
	}

	private Map<String, String> headers() {
		return Map.of("Host", "127.0.0.1:" + port);
	}

}
