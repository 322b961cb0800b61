package lanchat.admission;

import java.util.ArrayList;
import java.util.List;

import lanchat.support.IntegrationTest;
import lanchat.support.RawStomp;
import lanchat.support.RawTcp;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15 item 4 and issue 14 finding 10: every socket counts against the per-address
 * limit from the moment it is accepted until it closes, whether it ever says anything,
 * and whichever transport it uses: the limit is one for STOMP and TCP together.
 */
@TestPropertySource(properties = "lanchat.limits.connections-per-address=4")
class ConnectionCountTests extends IntegrationTest {

	@Autowired
	private OpenConnections connections;

	@Value("${local.tcp.port}")
	private int tcpPort;

	private final List<AutoCloseable> opened = new ArrayList<>();

	@AfterEach
	void closeAll() throws Exception {
		for (AutoCloseable socket : opened) {
			socket.close();
		}
		await().atMost(StompTestClient.WAIT).until(() -> connections.count() == 0);
	}

	@Test
	void silentTcpSocketsHoldTheirPlacesAgainstTheWebSocket() {
		List<RawTcp> silent = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			silent.add(track(RawTcp.open(tcpPort)));
		}
		await().atMost(StompTestClient.WAIT).until(() -> connections.count() == 4);
		try (RawStomp refused = RawStomp.open(port)) {
			assertThat(refused.nextFrame()).startsWith("ERROR")
				.contains("\ncode:too-many-connections\n")
				.contains("too many connections from your address (at most 4)");
			refused.awaitClosed();
		}
		silent.get(0).close();
		await().atMost(StompTestClient.WAIT).until(() -> connections.count() == 3);
		try (StompTestClient welcome = connect(name("welcome"))) {
			assertThat(welcome.sessionInfo().path("username").asString()).startsWith("welcome");
		}
	}

	@Test
	void webSocketsThatNeverConnectHoldTheirPlacesAgainstTcp() {
		for (int i = 0; i < 4; i++) {
			track(RawStomp.open(port));
		}
		await().atMost(StompTestClient.WAIT).until(() -> connections.count() == 4);
		try (RawTcp refused = RawTcp.open(tcpPort)) {
			String answer = refused.write("{\"type\":\"username\",\"content\":\"" + name("late") + "\"}")
				.readUntilClosed();
			assertThat(answer).contains("too many connections from your address (at most 4)")
				.contains("\"code\":\"too-many-connections\"");
		}
	}

	private <T extends AutoCloseable> T track(T socket) {
		opened.add(socket);
		return socket;
	}

}
