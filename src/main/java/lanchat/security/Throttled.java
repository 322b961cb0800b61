package lanchat.security;

/**
 * A frame is dropped, but the connection stays: the client is told why with a
 * {@code system} message, unless it was told very recently (then {@link #getMessage()} is
 * {@code null}).
 */
public class Throttled extends RuntimeException {

	public Throttled(String message) {
		super(message, null, false, false);
	}

}
