package lanchat.support;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test broker starts, takes an AMQP connection, restarts on the same port and stops.
 */
class RabbitBrokerTests {

	@Test
	void startsRestartsAndStops() throws Exception {
		try (RabbitBroker broker = RabbitBroker.start()) {
			assertThat(canConnect(broker.port())).isTrue();
			broker.restart();
			assertThat(canConnect(broker.port())).isTrue();
			broker.stop();
			assertThat(canConnect(broker.port())).isFalse();
		}
	}

	private static boolean canConnect(int port) {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost("127.0.0.1");
		factory.setPort(port);
		factory.setConnectionTimeout(2000);
		try (Connection connection = factory.newConnection()) {
			return connection.isOpen();
		}
		catch (Exception ex) {
			return false;
		}
	}

}
