package lanchat.admission;

import lanchat.identity.ChatUser;

/**
 * The bans admission enforces; moderation keeps them.
 */
public interface Bans {

	/**
	 * @throws lanchat.protocol.Refusal ({@code banned}) for a banned address
	 */
	void checkAddress(String address);

	/**
	 * @throws lanchat.protocol.Refusal ({@code banned}) for a banned identity
	 */
	void checkIdentity(ChatUser user);

}
