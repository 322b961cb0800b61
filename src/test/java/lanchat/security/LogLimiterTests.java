package lanchat.security;

import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import lanchat.support.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class LogLimiterTests {

	private final MutableClock clock = new MutableClock();

	private final Logger log = (Logger) LoggerFactory.getLogger(LogLimiterTests.class);

	private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

	@BeforeEach
	void listen() {
		lines.start();
		log.addAppender(lines);
	}

	@AfterEach
	void stopListening() {
		log.detachAppender(lines);
	}

	@Test
	void aFloodIsCutToTheBurstThenOneLinePerInterval() {
		LogLimiter limiter = new LogLimiter(3, Duration.ofSeconds(1), clock);
		for (int i = 0; i < 1000; i++) {
			limiter.info(log, "bad frame {}", i);
		}
		assertThat(messages()).containsExactly("bad frame 0", "bad frame 1", "bad frame 2");
		clock.advance(Duration.ofMillis(999));
		limiter.info(log, "bad frame {}", "early");
		assertThat(messages()).hasSize(3);
		clock.advance(Duration.ofMillis(1));
		limiter.info(log, "bad frame {}", "later");
		assertThat(messages()).last().isEqualTo("bad frame later (998 more like it were not logged)");
		limiter.info(log, "bad frame {}", "again");
		assertThat(messages()).hasSize(4);
	}

	@Test
	void aQuietSpellRefillsTheWholeBurstButNoMore() {
		LogLimiter limiter = new LogLimiter(2, Duration.ofSeconds(1), clock);
		limiter.info(log, "one");
		limiter.info(log, "two");
		clock.advance(Duration.ofHours(1));
		for (int i = 0; i < 5; i++) {
			limiter.info(log, "after {}", i);
		}
		assertThat(messages()).containsExactly("one", "two", "after 0", "after 1");
	}

	private List<String> messages() {
		return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
	}

}
