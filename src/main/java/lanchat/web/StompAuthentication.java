package lanchat.web;

import java.util.Map;

import lanchat.identity.Claim;
import lanchat.identity.IdentityService;
import lanchat.security.AccessCode;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * Turns a CONNECT into an identity: checks the access code, then the name and its proof
 * ({@code token} or {@code password} header). A refusal becomes a STOMP ERROR that says why.
 */
@Component
class StompAuthentication implements ChannelInterceptor {

	private final IdentityService identities;

	private final AccessCode accessCode;

	StompAuthentication(IdentityService identities, AccessCode accessCode) {
		this.identities = identities;
		this.accessCode = accessCode;
	}

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (stomp == null || (stomp.getCommand() != StompCommand.CONNECT && stomp.getCommand() != StompCommand.STOMP)) {
			return message;
		}
		accessCode.check(stomp.getFirstNativeHeader("access-code"));
		Claim claim = identities.claim(stomp.getFirstNativeHeader("username"), stomp.getFirstNativeHeader("token"),
				stomp.getFirstNativeHeader("password"));
		stomp.setUser(claim.user());
		Map<String, Object> attributes = stomp.getSessionAttributes();
		if (claim.newToken() != null && attributes != null) {
			attributes.put(Claim.TOKEN_ATTRIBUTE, claim.newToken());
		}
		return message;
	}

}
