package lanchat.files;

import java.time.Duration;
import java.util.Map;

import lanchat.identity.ChatUser;
import lanchat.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Uploads per identity per minute: the excess is refused with 429 until the oldest falls
 * out of the minute; other identities are not affected.
 */
class UploadRateTests {

	private final MutableClock clock = new MutableClock();

	private final UploadRate rate = new UploadRate(clock,
			new Binder(new MapConfigurationPropertySource(Map.of("lanchat.files.uploads-per-minute", "3")))
				.bindOrCreate("lanchat.files", FilesProperties.class));

	private final ChatUser alice = new ChatUser(1, "alice");

	@Test
	void theExcessIsRefusedUntilTheMinuteHasPassed() {
		rate.take(alice);
		clock.advance(Duration.ofSeconds(20));
		rate.take(alice);
		rate.take(alice);
		assertThatThrownBy(() -> rate.take(alice)).isInstanceOfSatisfying(UploadRefused.class, refused -> {
			org.assertj.core.api.Assertions.assertThat(refused.status()).isEqualTo(429);
			org.assertj.core.api.Assertions.assertThat(refused.getMessage()).contains("again in 40 s");
		});
		assertThatCode(() -> rate.take(new ChatUser(2, "bob"))).doesNotThrowAnyException();
		clock.advance(Duration.ofSeconds(40));
		assertThatCode(() -> rate.take(alice)).doesNotThrowAnyException();
		assertThatThrownBy(() -> rate.take(alice)).isInstanceOf(UploadRefused.class);
	}

}
