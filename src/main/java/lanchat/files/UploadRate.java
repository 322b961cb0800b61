package lanchat.files;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import lanchat.identity.ChatUser;
import lanchat.protocol.ErrorCode;
import org.springframework.stereotype.Component;

/**
 * At most {@code lanchat.files.uploads-per-minute} uploads per identity in any minute,
 * whichever of its devices starts them.
 */
@Component
class UploadRate {

	private static final Duration WINDOW = Duration.ofMinutes(1);

	private final Map<Long, Deque<Instant>> started = new ConcurrentHashMap<>();

	private final Clock clock;

	private final int perMinute;

	UploadRate(Clock clock, FilesProperties settings) {
		this.clock = clock;
		this.perMinute = settings.uploadsPerMinute();
	}

	/**
	 * Counts an upload, or refuses it with 429 when the identity has started too many
	 * this minute.
	 */
	void take(ChatUser user) {
		Instant now = clock.instant();
		Deque<Instant> recent = started.computeIfAbsent(user.identityId(), id -> new ArrayDeque<>());
		synchronized (recent) {
			while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(WINDOW))) {
				recent.pollFirst();
			}
			if (recent.size() >= perMinute) {
				long seconds = Math.max(1, Duration.between(now, recent.peekFirst().plus(WINDOW)).toSeconds());
				throw new UploadRefused(429, ErrorCode.RATE_LIMITED, "Too many uploads: at most " + perMinute
						+ " a minute. You can upload again in " + seconds + " s.");
			}
			recent.addLast(now);
		}
	}

}
