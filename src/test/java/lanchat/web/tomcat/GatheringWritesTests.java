package lanchat.web.tomcat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import lanchat.support.HighRateIntegrationTest;
import lanchat.support.SlowReader;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On the Tomcat in this build the gathering write is the one in use; frames that pile up
 * for a client go out several to a socket write, each still a WebSocket message of its
 * own and in order; a write never waits behind the container's own writes to a client
 * that stopped reading.
 * <p>
 * The send time limit is longer than {@link StompTestClient#WAIT}, so that a client stuck
 * behind a writer that waited for the stuck client fails the test rather than getting its
 * message late.
 */
@TestPropertySource(properties = "lanchat.limits.send-time-limit=1m")
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

	/**
	 * The listeners that share the pinger's lane get every probe while Tomcat is still
	 * stuck on the pinger: had the lane waited behind Tomcat's pong, they would have had
	 * nothing until Tomcat gave up on the pinger, after the send time limit, which this
	 * class sets longer than a test waits for a message.
	 */
	@Test
	void aClientThatSendsPingsAndNeverReadsHoldsUpNoOneElse() {
		String talker = name("talker");
		String pinger = name("pinger");
		List<StompTestClient> listeners = new ArrayList<>();
		try (StompTestClient t = connect(talker).listen(); SlowReader slow = SlowReader.join(port, pinger)) {
			// enough listeners that some share the pinger's lane
			for (int i = 0; i < 24; i++) {
				listeners.add(connect(name("listener")).listen());
			}
			t.publicInbox().next(m -> (pinger + " has joined the chat!").equals(m.path("content").asString("")));
			// Tomcat answers every ping with a pong it writes itself, blocking:
			// once those fill the pinger's socket, it holds the pinger's write
			// permit until the pinger reads or the send time limit runs out
			slow.pingWithoutReading();
			await("a write of a pong, stuck on the pinger's socket").atMost(StompTestClient.WAIT)
				.until(GatheringWritesTests::tomcatIsStuckWritingAPong);
			for (int i = 0; i < 3; i++) {
				String probe = "probe " + i;
				t.say(probe);
				for (StompTestClient listener : listeners) {
					listener.publicInbox().next(m -> probe.equals(m.path("content").asString("")));
				}
			}
			assertThat(tomcatIsStuckWritingAPong()).as("Tomcat still stuck on the pinger once everyone had the probes")
				.isTrue();
		}
		finally {
			listeners.forEach(StompTestClient::close);
		}
	}

	/**
	 * Whether one of Tomcat's threads waits in a blocking socket write of a pong. Only
	 * the pinger sends pings. The frames are Tomcat's: should a Tomcat write its pongs
	 * some other way, the wait for this fails, rather than the test passing without the
	 * pinger stuck.
	 */
	private static boolean tomcatIsStuckWritingAPong() {
		for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
			if (thread.getThreadState() != Thread.State.WAITING
					&& thread.getThreadState() != Thread.State.TIMED_WAITING) {
				continue;
			}
			List<String> frames = Arrays.stream(thread.getStackTrace())
				.map(frame -> frame.getClassName() + "." + frame.getMethodName())
				.toList();
			if (frames.contains("org.apache.tomcat.util.net.SocketWrapperBase.vectoredOperation")
					&& frames.contains("org.apache.tomcat.websocket.WsRemoteEndpointImplBase.sendPong")) {
				return true;
			}
		}
		return false;
	}

}
