package lanchat.admission;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Back-off for guessing the secrets people choose: the access code, passwords and the
 * moderator secret. Wrong guesses are counted per network ({@link AddressGroup}), per
 * name whose password is guessed, and in the whole server. Each counter lets a few
 * through; past that, every further wrong guess makes its network, name or the server
 * wait before the next guess is even checked, twice as long each time up to a cap, and a
 * quiet spell forgets them. Right guesses cost nothing, and a token (256 random bits) is
 * not a guess. The room's single secrets (access code, moderator secret) have no counter
 * of their own: it would be the server's, whose cap is short so that a guesser cannot
 * keep everyone out for long.
 */
@Component
public class Guesses {

	/**
	 * @param free wrong guesses before any wait
	 * @param first the wait after the first wrong guess past those
	 * @param max the longest wait
	 */
	record Policy(int free, Duration first, Duration max) {

		Duration waitAfter(int failures) {
			int doublings = Math.min(failures - free - 1, 30);
			Duration wait = first.multipliedBy(1L << doublings);
			return wait.compareTo(max) > 0 ? max : wait;
		}
	}

	/**
	 * A person who mistypes a few times never waits; a script from one network soon waits
	 * minutes.
	 */
	static final Policy PER_NETWORK = new Policy(10, Duration.ofSeconds(1), Duration.ofMinutes(5));

	/** Guessing one name's password from many networks. */
	static final Policy PER_TARGET = new Policy(10, Duration.ofSeconds(1), Duration.ofMinutes(5));

	/**
	 * Guessing from everywhere at once: the server checks at most one guess per 10 s at
	 * worst.
	 */
	static final Policy SERVER_WIDE = new Policy(30, Duration.ofMillis(250), Duration.ofSeconds(10));

	/** A counter with no wrong guess for this long starts afresh. */
	static final Duration FORGET_AFTER = Duration.ofMinutes(15);

	private static final String EVERYWHERE = "*";

	private static final int REMEMBERED = 4096;

	private final Clock clock;

	private final Map<String, Counter> counters = new LinkedHashMap<>(64, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Counter> eldest) {
			return size() > REMEMBERED;
		}
	};

	Guesses(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Refuses a guess from {@code network} with {@code too-many-attempts} while its
	 * network, the name whose password it guesses ({@code target}, if any) or the server
	 * must wait.
	 */
	public synchronized void check(String network, @Nullable String target) {
		Instant now = clock.instant();
		Duration wait = Duration.ZERO;
		for (Counter counter : counters(network, target)) {
			Duration left = counter.waitLeft(now);
			wait = left.compareTo(wait) > 0 ? left : wait;
		}
		if (!wait.isZero()) {
			long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
			throw new Refusal(ErrorCode.TOO_MANY_ATTEMPTS,
					"too many wrong attempts; try again in " + seconds + (seconds == 1 ? " second" : " seconds"));
		}
	}

	/**
	 * Counts a wrong guess from {@code network}, at the password of {@code target} if
	 * there is one.
	 */
	public synchronized void failed(String network, @Nullable String target) {
		Instant now = clock.instant();
		counters(network, target).forEach(counter -> counter.failed(now));
	}

	private List<Counter> counters(String network, @Nullable String target) {
		Counter fromNetwork = counter("network " + network, PER_NETWORK);
		Counter everywhere = counter(EVERYWHERE, SERVER_WIDE);
		return target == null ? List.of(fromNetwork, everywhere)
				: List.of(fromNetwork, counter("target " + target, PER_TARGET), everywhere);
	}

	private Counter counter(String key, Policy policy) {
		return counters.computeIfAbsent(key, absent -> new Counter(policy));
	}

	private static final class Counter {

		private final Policy policy;

		private int failures;

		private Instant lastFailure = Instant.MIN;

		private Instant waitUntil = Instant.MIN;

		private Counter(Policy policy) {
			this.policy = policy;
		}

		Duration waitLeft(Instant now) {
			return now.isBefore(waitUntil) ? Duration.between(now, waitUntil) : Duration.ZERO;
		}

		void failed(Instant now) {
			if (failures > 0 && lastFailure.plus(FORGET_AFTER).isBefore(now)) {
				failures = 0;
			}
			failures++;
			lastFailure = now;
			if (failures > policy.free()) {
				waitUntil = now.plus(policy.waitAfter(failures));
			}
		}

	}

}
