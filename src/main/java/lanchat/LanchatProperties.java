package lanchat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every {@code lanchat.*} setting, with the defaults documented in docs/configuration.md.
 * A value that cannot work (a rate of 0, a negative limit) stops the server at start with
 * a message naming it.
 *
 * @param dataDir where the embedded database lives
 * @param accessCode when set, every CONNECT must carry it in the {@code access-code}
 * header
 * @param heartbeat the STOMP heart-beat interval the server offers both ways; a client
 * silent for three times the negotiated interval is dropped
 * @param allowedOrigins web origins besides the page's own that may open the WebSocket
 * (patterns such as {@code https://*.example.org}); empty means only the page's own
 * origin and clients that send none
 * @param identity how names are held
 * @param limits what one client may do
 * @param history how long messages are kept
 */
@ConfigurationProperties("lanchat")
@Validated
public record LanchatProperties(@DefaultValue("./data") Path dataDir, @Nullable String accessCode,
		@DefaultValue("10s") Duration heartbeat, @DefaultValue List<String> allowedOrigins,
		@DefaultValue @Valid Identity identity, @DefaultValue @Valid Limits limits,
		@DefaultValue @Valid History history) {

	/**
	 * @param releaseAfter a name without a password is released after its owner has been
	 * offline this long
	 */
	public record Identity(@DefaultValue("24h") Duration releaseAfter) {
	}

	/**
	 * @param contentLength longest message content, in Unicode code points
	 * @param frameSize largest STOMP frame, in bytes
	 * @param ratePerSecond messages per second one connection may send, on average
	 * @param burst messages one connection may send at once
	 * @param sendBufferSize bytes queued for a client that does not read before it is
	 * dropped
	 * @param sendTimeLimit how long one send to a client may block before it is dropped
	 * @param connectionsPerAddress open chat connections (WebSockets) one network address
	 * may have
	 * @param socketsPerAddress open connections to the web server (HTTP, HTTPS and
	 * WebSockets) one network address may have, counted as they are accepted
	 * @param maxConnections open connections in all
	 * @param connectsPerMinute CONNECT attempts one network address may make per minute
	 * @param handshakesPerMinute WebSocket handshakes one network address may make per
	 * minute
	 * @param maxHeaders headers one frame may carry
	 * @param maxHeaderLength longest header (name and value), in characters
	 * @param maxSubscriptions live subscriptions one connection may hold
	 */
	public record Limits(@DefaultValue("2000") @Positive int contentLength,
			@DefaultValue("65536") @Min(1024) int frameSize, @DefaultValue("10") @Positive double ratePerSecond,
			@DefaultValue("20") @Positive int burst, @DefaultValue("1048576") @Positive int sendBufferSize,
			@DefaultValue("10s") Duration sendTimeLimit, @DefaultValue("20") @Positive int connectionsPerAddress,
			@DefaultValue("64") @Positive int socketsPerAddress, @DefaultValue("10000") @Positive int maxConnections,
			@DefaultValue("60") @Positive int connectsPerMinute, @DefaultValue("60") @Positive int handshakesPerMinute,
			@DefaultValue("32") @Positive int maxHeaders, @DefaultValue("4096") @Positive int maxHeaderLength,
			@DefaultValue("32") @Positive int maxSubscriptions) {
	}

	/**
	 * @param retentionDays messages older than this are deleted; 0 (the default: nothing
	 * is lost unless the host asks for it) keeps them forever
	 * @param maxMessages at most this many messages are kept, the oldest go first; 0 (the
	 * default) keeps all
	 * @param journal on the embedded H2 database, keep each message through a crash in an
	 * append-only journal and have H2 write its file once a second, instead of H2 writing
	 * its file at every message
	 * @param fileWriteEvery how often H2 writes its file while the journal keeps the
	 * messages
	 */
	public record History(@DefaultValue("0") @PositiveOrZero int retentionDays,
			@DefaultValue("0") @PositiveOrZero long maxMessages, @DefaultValue("true") boolean journal,
			@DefaultValue("1s") @DurationMin(millis = 10) @DurationMax(hours = 1) Duration fileWriteEvery) {

		/**
		 * The retention in days as the session reply shows it: {@code null} when
		 * unlimited.
		 */
		public @Nullable Integer daysOrNull() {
			return retentionDays > 0 ? retentionDays : null;
		}
	}

}
