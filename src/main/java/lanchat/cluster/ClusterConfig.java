package lanchat.cluster;

import java.util.Map;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The broker's side of cluster mode: one durable fanout exchange that every node
 * publishes to, and one queue per node bound to it, consumed by one consumer. A node's
 * clients cost the broker nothing: the node fans out to them itself. The queue is
 * exclusive to the node's connection and deleted with it, so a node that dies leaves
 * nothing behind to fill up; Spring's admin declares both again whenever the connection
 * comes back (after the broker restarted), and the container reconnects by itself.
 */
@Configuration(proxyBeanMethods = false)
@ClusterMode
class ClusterConfig {

	@Bean
	FanoutExchange clusterExchange(ClusterProperties properties) {
		return new FanoutExchange(properties.exchange(), true, false);
	}

	@Bean
	Queue nodeQueue(Node node) {
		// non-durable, exclusive, auto-delete; messages are JSON events that make sense
		// only while fresh
		return new Queue(node.queue(), false, true, true, Map.of("x-max-length", 1_000_000));
	}

	@Bean
	Binding nodeBinding(Queue nodeQueue, FanoutExchange clusterExchange) {
		return BindingBuilder.bind(nodeQueue).to(clusterExchange);
	}

	/**
	 * One consumer, so events are handled in the order they arrived; no acknowledgements,
	 * since what a node misses it reads from PostgreSQL or asks for again.
	 */
	@Bean
	SimpleMessageListenerContainer clusterListener(ConnectionFactory connections, Node node, Inbox inbox) {
		SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connections);
		container.setQueueNames(node.queue());
		container.setMessageListener(inbox);
		container.setConcurrentConsumers(1);
		container.setAcknowledgeMode(AcknowledgeMode.NONE);
		container.setPrefetchCount(1000);
		container.setRecoveryInterval(1000);
		container.setMissingQueuesFatal(false);
		return container;
	}

}
