package lanchat.gateway;

import lanchat.LanchatProperties;
import lanchat.identity.Claim;
import lanchat.identity.IdentityService;
import lanchat.moderation.ModerationService;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.security.AccessCode;
import lanchat.security.ConnectAttempts;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Who may come in over TCP: the checks a STOMP CONNECT goes through, in the same order. One call as a
 * connection is accepted ({@link AcceptGate}) and one when it asks for a name ({@link TcpSession}), so that
 * one admission service for every transport can take this class's place.
 */
@Component
class TcpAdmission {

	private final ConnectAttempts attempts;

	private final AccessCode accessCode;

	private final ObjectProvider<ModerationService> moderation;

	private final IdentityService identities;

	private final TcpConnections connections;

	private final int connectionsPerAddress;

	TcpAdmission(ConnectAttempts attempts, AccessCode accessCode, ObjectProvider<ModerationService> moderation,
			IdentityService identities, TcpConnections connections, LanchatProperties properties) {
		this.attempts = attempts;
		this.accessCode = accessCode;
		this.moderation = moderation;
		this.identities = identities;
		this.connections = connections;
		this.connectionsPerAddress = properties.limits().connectionsPerAddress();
	}

	/** As a connection is accepted, before it has sent anything. */
	void accept(String address) {
		checkConnectionsFrom(address);
	}

	/**
	 * When the connection asks for a name.
	 * @throws Refusal with the words the client is to read
	 */
	Claim join(String address, Dialect.NameRequest request) {
		attempts.count(address);
		accessCode.check(null);
		ModerationService moderation = this.moderation.getObject();
		moderation.checkAddressNotBanned(address);
		// again: only connections that joined are counted, and others may have joined since this one came
		checkConnectionsFrom(address);
		Claim claim = identities.claim(request.name(), request.token(), request.password());
		moderation.checkNotBanned(claim.user(), address);
		return claim;
	}

	private void checkConnectionsFrom(String address) {
		if (connections.countFrom(address) >= connectionsPerAddress) {
			throw new Refusal(ErrorCode.TOO_MANY_CONNECTIONS,
					"too many connections from your address (at most " + connectionsPerAddress + ")");
		}
	}

}
