package lanchat.web.tomcat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import lanchat.support.HighRateIntegrationTest;
import lanchat.support.SlowReader;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the Tomcat in this build the gathering write is the one in use; frames that pile up
 * for a client go out several to a socket write, each still a WebSocket message of its
 * own and in order; a write never waits behind the container's own writes to a client
 * that stopped reading.
 */
class GatheringWritesTests extends HighRateIntegrationTest {

	@Autowired
	private SocketWrites sockets;

	@Autowired
	private MeterRegistry registry;

	/**
	 * Fails when a Tomcat upgrade takes away what the gathering write needs: the server
	 * would fall back.
	 */
	@Test
	void theGatheringWriteIsInUseOnThisTomcat() {
		assertThat(sockets.path()).isEqualTo(WritePath.GATHERING);
	}

	/**
	 * Only writes that really gathered are counted: had the path fallen back, none would
	 * be.
	 */
	@Test
	void framesThatPiledUpForAReaderThatFellBehindGoOutSeveralToAWriteAndInOrder() {
		String talker = name("talker");
		String reader = name("reader");
		DistributionSummary perWrite = registry.get("lanchat.websocket.frames.per.write").summary();
		try (StompTestClient t = connect(talker).listen(); SlowReader slow = joinWithoutReading(reader, t)) {
			long writesBefore = perWrite.count();
			double framesBefore = perWrite.totalAmount();
			// about 450 KiB: far more than the reader's socket buffers hold, well under
			// the 1 MiB it may have waiting
			List<String> sent = t.sayAll(300, "w".repeat(1500));

			assertThat(slow.nextMessages(sent.size())).isEqualTo(sent);
			// one frame per write for the talker at worst; dozens per write for the
			// reader catching up
			long writes = perWrite.count() - writesBefore;
			double frames = perWrite.totalAmount() - framesBefore;
			assertThat(frames).isGreaterThanOrEqualTo(2 * sent.size());
			assertThat(frames / writes).isGreaterThan(1.5);
		}
	}

	@Test
	void aClientThatSendsPingsAndNeverReadsHoldsUpNoOneElse() throws InterruptedException {
		String talker = name("talker");
		String pinger = name("pinger");
		List<StompTestClient> listeners = new ArrayList<>();
		try (StompTestClient t = connect(talker).listen(); SlowReader slow = SlowReader.join(port, pinger)) {
			// enough listeners that some share the pinger's lane
			for (int i = 0; i < 24; i++) {
				listeners.add(connect(name("listener")).listen());
			}
			t.publicInbox().next(m -> (pinger + " has joined the chat!").equals(m.path("content").asString("")));
			// Tomcat answers every ping with a pong it writes itself, and those pile up
			// on the pinger's socket
			slow.pingWithoutReading();
			Thread.sleep(1000);
			for (int i = 0; i < 3; i++) {
				String probe = "probe " + i;
				long started = System.nanoTime();
				t.say(probe);
				for (StompTestClient listener : listeners) {
					listener.publicInbox().next(m -> probe.equals(m.path("content").asString("")));
				}
				// the contract lets a slow reader raise the others' latency by less than
				// 500 ms; the bound here
				// leaves room for a slow machine, and a lane held up by the pinger's
				// socket took 8 s
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
			}
		}
		finally {
			listeners.forEach(StompTestClient::close);
		}
	}

}
