package lanchat.web;

import java.util.Map;

import lanchat.identity.Claim;
import lanchat.identity.IdentityService;
import lanchat.moderation.ModerationService;
import lanchat.security.AccessCode;
import lanchat.security.ClientAddress;
import lanchat.security.FrameCheck;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * Turns a CONNECT into an identity: checks the access code, then the name and its proof
 * ({@code token} or {@code password} header). A refusal becomes a STOMP ERROR that says why.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class StompAuthentication implements FrameCheck {

	private final IdentityService identities;

	private final AccessCode accessCode;

	private final ModerationService moderation;

	StompAuthentication(IdentityService identities, AccessCode accessCode,
			ModerationService moderation) {
		this.identities = identities;
		this.accessCode = accessCode;
		this.moderation = moderation;
	}

	@Override
	public void check(StompHeaderAccessor stomp) {
		if (stomp.getCommand() != StompCommand.CONNECT && stomp.getCommand() != StompCommand.STOMP) {
			return;
		}
		accessCode.check(stomp.getFirstNativeHeader("access-code"));
		String address = ClientAddress.of(stomp.getSessionAttributes());
		// a banned address learns nothing more and claims no name
		moderation.checkAddressNotBanned(address);
		Claim claim = identities.claim(stomp.getFirstNativeHeader("username"), stomp.getFirstNativeHeader("token"),
				stomp.getFirstNativeHeader("password"));
		moderation.checkNotBanned(claim.user(), address);
		stomp.setUser(claim.user());
		Map<String, Object> attributes = stomp.getSessionAttributes();
		if (claim.newToken() != null && attributes != null) {
			attributes.put(Claim.TOKEN_ATTRIBUTE, claim.newToken());
		}
	}

	@Override
	public String refusalReason() {
		return "auth";
	}

}
