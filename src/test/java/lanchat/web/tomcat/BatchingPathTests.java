package lanchat.web.tomcat;

import java.util.List;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import lanchat.support.HighRateIntegrationTest;
import lanchat.support.SlowReader;
import lanchat.support.StompTestClient;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The switch back to public APIs ({@code lanchat.websocket.writes=batching}): nothing of
 * Tomcat's non-public side is used, a client still gets every frame in order, and no
 * gathering write is counted that did not happen. (Slow readers on this path:
 * {@code SlowConsumerOnTheBatchingPathTests}.)
 */
@TestPropertySource(properties = "lanchat.websocket.writes=batching")
class BatchingPathTests extends HighRateIntegrationTest {

	@Autowired
	private SocketWrites sockets;

	@Autowired
	private WebServerApplicationContext context;

	@Autowired
	private MeterRegistry registry;

	@Test
	void theServerUsesThePublicApiAndTomcatsOwnExecutor() {
		assertThat(sockets.path()).isEqualTo(WritePath.BATCHING);
		AbstractProtocol<?> protocol = (AbstractProtocol<?>) ((TomcatWebServer) context.getWebServer()).getTomcat()
			.getConnector()
			.getProtocolHandler();
		assertThat(protocol.getExecutor().getClass().getEnclosingClass()).isNotEqualTo(WriteCompletions.class);
	}

	@Test
	void framesThatPiledUpArriveInOrderAndNoGatheringWriteIsCounted() {
		String talker = name("talker");
		String reader = name("reader");
		DistributionSummary perWrite = registry.get("lanchat.websocket.frames.per.write").summary();
		try (StompTestClient t = connect(talker).listen(); SlowReader slow = joinWithoutReading(reader, t)) {
			long writesBefore = perWrite.count();
			// about 300 KiB: more than the reader's socket buffers hold, well under the 1
			// MiB it may have waiting
			List<String> sent = t.sayAll(200, "b".repeat(1500));

			assertThat(slow.nextMessages(sent.size())).isEqualTo(sent);
			assertThat(perWrite.count()).isEqualTo(writesBefore);
		}
	}

}
