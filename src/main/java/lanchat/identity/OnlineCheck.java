package lanchat.identity;

/**
 * Tells whether an identity has a connection open right now; a name in use is never
 * released.
 */
@FunctionalInterface
public interface OnlineCheck {

	boolean isOnline(long identityId);

}
