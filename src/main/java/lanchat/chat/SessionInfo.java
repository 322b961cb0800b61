package lanchat.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import lanchat.protocol.NameKeys;
import org.jspecify.annotations.Nullable;

/**
 * The reply to SUBSCRIBE {@code /app/session}: who this connection is and what it may do.
 *
 * @param username the name as the server normalised it
 * @param token the identity's secret, only on the connection that created the identity
 * @param moderator whether this connection has claimed moderator rights
 * @param limits what one connection may send
 * @param historyDays how long history is kept; {@code null} when unlimited
 * @param http this connection's ticket for HTTP calls
 * ({@code Authorization: Bearer <ticket>})
 */
public record SessionInfo(String username, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String token,
		boolean moderator, Limits limits, @Nullable Integer historyDays, String http) {

	/**
	 * The key of {@code username}, which messages from this identity carry as
	 * {@code usernameKey}.
	 */
	@JsonProperty
	public String key() {
		return NameKeys.of(username);
	}

	/**
	 * @param contentLength longest content, in code points
	 * @param ratePerSecond messages per second on average
	 * @param burst messages at once
	 * @param fileSize largest upload, in bytes
	 */
	public record Limits(int contentLength, double ratePerSecond, int burst, long fileSize) {
	}

}
