package lanchat.web;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import lanchat.support.IntegrationTest;
import lanchat.support.RawHttp;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The handshake of a STOMP session is not timed as an HTTP request; plain HTTP requests
 * still are.
 */
class HandshakeObservationsTests extends IntegrationTest {

	@Autowired
	private MeterRegistry meters;

	@Test
	void aWebSocketHandshakeIsNotTimedAsAnHttpRequest() throws Exception {
		// the filter that times requests finishes before Tomcat answers 101, so by the
		// time the client has its CONNECTED the handshake would have been recorded
		try (StompTestClient client = connect(name("hal"))) {
			assertThat(client.isConnected()).isTrue();
		}

		assertThat(meters.find("http.server.requests").timers()).map(timer -> timer.getId().getTag("uri"))
			.doesNotContain("/ws");
		assertThat(timedRequestsTo("/ws")).isZero();
	}

	@Test
	void anOrdinaryRequestIsStillTimedEvenWithAnUpgradeHeader() throws Exception {
		long before = timedRequestsTo("/actuator/health");
		// a header the JDK's client will not send
		RawHttp.Response health = RawHttp.get(RawHttp.Target.plain("127.0.0.1", "127.0.0.1", port), "/actuator/health",
				Map.of("Host", "127.0.0.1:" + port, "Upgrade", "websocket"));
		assertThat(health.status()).isEqualTo(200);

		// recorded as the filter finishes, which may be just after the client has its
		// answer
		await().atMost(StompTestClient.WAIT).until(() -> timedRequestsTo("/actuator/health") > before);
	}

	private long timedRequestsTo(String uri) {
		return meters.find("http.server.requests").tag("uri", uri).timers().stream().mapToLong(Timer::count).sum();
	}

}
