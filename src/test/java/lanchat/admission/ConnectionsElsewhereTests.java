package lanchat.admission;

import java.time.Clock;
import java.util.Map;

import lanchat.LanchatProperties;
import lanchat.delivery.Transport;
import lanchat.protocol.ErrorCode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In a cluster, the limit of connections per address counts the other nodes' connections
 * from the address too: a client cannot get twice its share by spreading over two nodes.
 */
class ConnectionsElsewhereTests {

	private final OpenConnections connections = new OpenConnections(
			new Binder(new MapConfigurationPropertySource(Map.of("lanchat.limits.connections-per-address", "3")))
				.bindOrCreate("lanchat", LanchatProperties.class),
			Clock.systemUTC());

	@Test
	void countsOtherNodesConnectionsFromTheSameAddress() {
		assertThat(connections.open("1", "10.0.0.7", Transport.STOMP).refusal()).isEmpty();
		connections.spanNodes(new TwoElsewhere());
		assertThat(connections.open("2", "10.0.0.7", Transport.STOMP).refusal()).get()
			.extracting(refusal -> refusal.code())
			.isEqualTo(ErrorCode.TOO_MANY_CONNECTIONS);
		assertThat(connections.open("3", "10.0.0.8", Transport.STOMP).refusal()).isEmpty();
	}

	/** Another node has two connections from 10.0.0.7. */
	private static final class TwoElsewhere implements Elsewhere {

		@Override
		public int fromAddress(String address) {
			return "10.0.0.7".equals(address) ? 2 : 0;
		}

	}

}
