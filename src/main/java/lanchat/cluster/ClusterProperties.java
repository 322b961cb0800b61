package lanchat.cluster;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code lanchat.cluster.*} settings, documented in docs/scaling.md.
 *
 * @param enabled run as one node of several, through RabbitMQ ({@code spring.rabbitmq.*}) and one PostgreSQL
 * @param nodeName this node's name among the others (its queue is {@code lanchat.node.<name>}); unset: the host
 * name and a random suffix, new on every start
 * @param exchange the fanout exchange every node publishes to
 * @param heartbeat how often a node tells the others it is alive
 * @param deadAfter a node not heard of for this long is taken for dead: its connections leave the room
 * @param gapWait how long a node waits for a missing message id to arrive through the broker before it reads it
 * from PostgreSQL
 * @param tailCheck how often a node compares the newest committed id with the newest it delivered, so that
 * messages whose notice never came (broker down) are read from PostgreSQL too
 */
@ConfigurationProperties("lanchat.cluster")
public record ClusterProperties(@DefaultValue("false") boolean enabled, @Nullable String nodeName,
		@DefaultValue("lanchat.cluster") String exchange, @DefaultValue("1s") Duration heartbeat,
		@DefaultValue("5s") Duration deadAfter, @DefaultValue("300ms") Duration gapWait,
		@DefaultValue("1s") Duration tailCheck) {
}
