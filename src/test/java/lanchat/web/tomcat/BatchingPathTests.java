package lanchat.web.tomcat;

import java.util.ArrayList;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The switch back to public APIs ({@code lanchat.websocket.writes=batching}): nothing of Tomcat's
 * non-public side is used, clients still get every frame in order, a client that never reads is still
 * dropped without costing the others anything, and no gathering write is counted that did not happen.
 */
@TestPropertySource(properties = "lanchat.websocket.writes=batching")
class BatchingPathTests extends HighRateIntegrationTest {

	@Autowired
	private SocketWrites sockets;

	@Autowired
	private WebServerApplicationContext context;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private JsonMapper json;

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
		try (StompTestClient t = connect(talker).listen(); SlowReader slow = SlowReader.join(port, reader)) {
			t.publicInbox().next(m -> (reader + " has joined the chat!").equals(m.path("content").asString("")));
			long writesBefore = perWrite.count();
			// about 300 KiB: more than the reader's socket buffers hold, well under the 1 MiB it may have waiting
			String filler = "b".repeat(1500);
			List<String> sent = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				sent.add(i + " " + filler);
				t.say(sent.get(i));
			}
			t.publicInbox().next(m -> sent.get(199).equals(m.path("content").asString("")));

			List<String> received = new ArrayList<>();
			while (received.size() < sent.size()) {
				String frame = slow.nextText();
				JsonNode body = json.readTree(frame.substring(frame.indexOf("\n\n") + 2, frame.length() - 1));
				if ("message".equals(body.path("type").asString(""))) {
					received.add(body.path("content").asString(""));
				}
			}
			assertThat(received).isEqualTo(sent);
			assertThat(perWrite.count()).isEqualTo(writesBefore);
		}
	}

	@Test
	void aClientThatNeverReadsIsDroppedAndTheOthersGetEverything() {
		String snail = name("snail");
		String talker = name("talker");
		String listener = name("listener");
		try (StompTestClient l = connect(listener).listen(); StompTestClient t = connect(talker).listen();
				SlowReader slow = SlowReader.join(port, snail)) {
			l.publicInbox().next(m -> (snail + " has joined the chat!").equals(m.path("content").asString("")));
			// about 7.6 MiB: past what the sockets hold and the 1 MiB the snail may have waiting
			String filler = "z".repeat(1900);
			List<String> sent = new ArrayList<>();
			for (int i = 0; i < 4000; i++) {
				sent.add(i + " " + filler);
				t.say(sent.get(i));
				if (i % 100 == 99) {
					String last = sent.get(i);
					t.publicInbox().next(m -> last.equals(m.path("content").asString("")));
				}
			}
			int next = 0;
			boolean snailLeft = false;
			while (next < sent.size() || !snailLeft) {
				String content = l.publicInbox().next().path("content").asString("");
				if (next < sent.size() && content.equals(sent.get(next))) {
					next++;
				}
				else if (content.equals(snail + " has left the chat.")) {
					snailLeft = true;
				}
			}
			assertThat(next).isEqualTo(sent.size());
		}
	}

}
