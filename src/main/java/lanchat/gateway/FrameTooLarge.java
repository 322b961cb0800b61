package lanchat.gateway;

/**
 * A client sent more bytes for one message than {@code lanchat.limits.frame-size} allows. Splitters
 * throw it instead of buffering without end; the connection is then told and closed.
 */
final class FrameTooLarge extends RuntimeException {

	FrameTooLarge(int limit) {
		super("A message may be at most " + limit + " bytes. Closing the connection.", null, false, false);
	}

}
