package lanchat.cluster;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code lanchat.cluster.*} settings, documented in docs/scaling.md. A value that
 * cannot work (a heart-beat of 0, a node taken for dead before its next heart-beat is
 * due) stops the server at start naming it.
 *
 * @param enabled run as one node of several, through RabbitMQ ({@code spring.rabbitmq.*})
 * and one PostgreSQL
 * @param nodeName this node's name among the others (its queue is
 * {@code lanchat.node.<name>}), at most {@value #MAX_NODE_NAME} characters; unset: the
 * host name and a random suffix, new on every start
 * @param exchange the fanout exchange every node publishes to
 * @param heartbeat how often a node tells the others it is alive
 * @param deadAfter a node not heard of for this long is taken for dead: its connections
 * leave the room; at least twice the heart-beat
 * @param gapWait how long a node waits for a missing message id to arrive through the
 * broker before it reads it from PostgreSQL
 * @param tailCheck how often a node compares the newest committed id with the newest it
 * delivered, so that messages whose notice never came (broker down) are read from
 * PostgreSQL too
 */
@ConfigurationProperties("lanchat.cluster")
@Validated
public record ClusterProperties(@DefaultValue("false") boolean enabled,
		@Nullable @Size(max = ClusterProperties.MAX_NODE_NAME) String nodeName,
		@DefaultValue("lanchat.cluster") @NotBlank String exchange,
		@DefaultValue("1s") @DurationMin(millis = 10) Duration heartbeat,
		@DefaultValue("5s") @DurationMin(millis = 20) Duration deadAfter,
		@DefaultValue("300ms") @DurationMin(millis = 1) Duration gapWait,
		@DefaultValue("1s") @DurationMin(millis = 10) Duration tailCheck) {

	/**
	 * The longest node name: the shared tables keep it ({@code http_ticket.node} holds
	 * 100 characters), with room to spare.
	 */
	public static final int MAX_NODE_NAME = 64;

	/** One late heart-beat must not be enough to take a node for dead. */
	@AssertTrue(message = "must be at least twice lanchat.cluster.heartbeat")
	public boolean isDeadAfterTwiceHeartbeat() {
		return deadAfter.compareTo(heartbeat.multipliedBy(2)) >= 0;
	}

}
