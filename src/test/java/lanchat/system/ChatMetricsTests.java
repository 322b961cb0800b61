package lanchat.system;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import lanchat.presence.PresenceTracker;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ChatMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ChatMetrics metrics = new ChatMetrics(registry, new PresenceTracker(JsonMapper.builder().build()));

	@Test
	void countsByTypeAndReasonWithUnknownTagsFoldedIntoOther() {
		metrics.messageReceived("message");
		metrics.messageReceived("message");
		metrics.messageReceived("made-up-by-a-client");
		metrics.messageDelivered("private_message");
		metrics.frameRefused("rate");
		metrics.frameRefused("anything else");

		assertThat(count("lanchat.messages.received", "type", "message")).isEqualTo(2);
		assertThat(count("lanchat.messages.received", "type", "other")).isEqualTo(1);
		assertThat(count("lanchat.messages.delivered", "type", "private_message")).isEqualTo(1);
		assertThat(count("lanchat.frames.refused", "reason", "rate")).isEqualTo(1);
		assertThat(count("lanchat.frames.refused", "reason", "other")).isEqualTo(1);
		assertThat(registry.find("lanchat.messages.received").counters()).as("no new series from client input")
			.hasSize(6);
	}

	@Test
	void historyWritesSlowConsumersAndGauges() {
		metrics.historyWrite(Duration.ofMillis(3));
		metrics.slowConsumerDisconnect();

		assertThat(registry.get("lanchat.history.write").timer().count()).isEqualTo(1);
		assertThat(registry.get("lanchat.slow.consumer.disconnects").counter().count()).isEqualTo(1);
		assertThat(registry.get("lanchat.connections").gauge().value()).isZero();
		assertThat(registry.get("lanchat.users.online").gauge().value()).isZero();
	}

	private double count(String name, String tag, String value) {
		return registry.get(name).tag(tag, value).counter().count();
	}

}
