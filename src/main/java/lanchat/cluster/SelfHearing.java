package lanchat.cluster;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Whether this node hears its own heart-beats through the broker. While it does not, the
 * broker is away for every node alike, and no other node may be judged dead for being
 * silent; when it is back, everyone gets a fresh chance to be heard. Used under the
 * roster's lock.
 */
final class SelfHearing {

	/** What a {@link #check} found. */
	enum State {

		/** Not heard for three heart-beats, having heard itself until now. */
		LOST,

		/** Not heard for three heart-beats, as before: the broker is away. */
		DEAF,

		/** Heard again after being deaf. */
		BACK,

		/** Heard, as before. */
		HEARING

	}

	private final Duration heartbeat;

	private @Nullable Instant last;

	private boolean hearing;

	SelfHearing(Duration heartbeat) {
		this.heartbeat = heartbeat;
	}

	/**
	 * Its own heart-beat arrived.
	 * @return whether it came after a gap: the broker was away too briefly for
	 * {@link #check} to notice, and the others' heart-beats were lost alike
	 */
	boolean heard(Instant now) {
		Instant before = last;
		last = now;
		return before != null && before.plus(heartbeat.multipliedBy(2)).isBefore(now);
	}

	/** When it last heard itself; only after a {@link #check} that found it hearing. */
	Instant last() {
		if (last == null) {
			throw new IllegalStateException("not heard yet");
		}
		return last;
	}

	/** Whether it hears itself at {@code now}, and whether that changed. */
	State check(Instant now) {
		Instant heard = last;
		boolean hearsNow = heard != null && heard.plus(heartbeat.multipliedBy(3)).isAfter(now);
		boolean before = hearing;
		hearing = hearsNow;
		if (!hearsNow) {
			return before ? State.LOST : State.DEAF;
		}
		return before ? State.HEARING : State.BACK;
	}

}
