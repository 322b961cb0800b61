package lanchat.web;

import java.time.Clock;
import java.time.Duration;

import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.security.ConnectAttempts;
import lanchat.security.LogLimiter;
import lanchat.security.LogText;
import lanchat.system.ChatMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What happens to the sender of a frame the server could not read (bad STOMP, a header
 * such as {@code heart-beat:a,b} that does not parse, invalid UTF-8, a frame too large):
 * it counts as an attempt to connect from its address, so a client that keeps sending
 * them soon cannot connect at all; it is logged in one short line, and such lines are
 * rate-limited so a flood of them cannot fill the disk. The caller answers with an ERROR
 * and closes the connection.
 */
@Component
class MalformedFrames {

	private static final Logger log = LoggerFactory.getLogger(MalformedFrames.class);

	private final ConnectAttempts attempts;

	private final ChatMetrics metrics;

	private final LogLimiter lines;

	MalformedFrames(ConnectAttempts attempts, ChatMetrics metrics, Clock clock) {
		this.attempts = attempts;
		this.metrics = metrics;
		this.lines = new LogLimiter(20, Duration.ofSeconds(1), clock);
	}

	/** Counts one unreadable frame from {@code address} and logs it, rate-limited. */
	void count(String sessionId, String address, Refusal refusal) {
		metrics.frameRefused(refusal.code() == ErrorCode.FRAME_TOO_LARGE ? "size" : "malformed");
		lines.info(log, "Refused a malformed frame from session {} ({}): {}", sessionId, LogText.of(address),
				LogText.of(refusal.getMessage()));
		try {
			attempts.count(address);
		}
		catch (Refusal overTheLimit) {
			// this frame is answered as malformed all the same; the address's next
			// CONNECT is refused
		}
	}

}
