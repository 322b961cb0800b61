package lanchat.security;

import java.time.Clock;

import lanchat.LanchatProperties;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import org.springframework.stereotype.Component;

/**
 * Attempts to join, per network address and whatever the transport
 * ({@code lanchat.limits.connects-per-minute}); this also slows down guessing access
 * codes, tokens and passwords. Frames the server could not read count as attempts too.
 */
@Component
public class ConnectAttempts {

	private final AddressRate rate;

	public ConnectAttempts(LanchatProperties properties, Clock clock) {
		this.rate = new AddressRate(properties.limits().connectsPerMinute(), clock);
	}

	/** Counts one attempt from {@code address}; refuses it when there were too many. */
	public void count(String address) {
		if (rate.take(address).isPresent()) {
			throw new Refusal(ErrorCode.TOO_MANY_ATTEMPTS,
					"too many connection attempts from your address; wait a minute and try again");
		}
	}

}
