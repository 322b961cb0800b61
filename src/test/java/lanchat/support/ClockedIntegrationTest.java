package lanchat.support;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The running app on a clock the tests move, for what happens after a while (names
 * released, mutes and slow mode running out): no test sleeps.
 */
@Import(ClockedIntegrationTest.Clocks.class)
public abstract class ClockedIntegrationTest extends IntegrationTest {

	@Autowired
	protected MutableClock clock;

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		@Primary
		MutableClock testClock() {
			return new MutableClock();
		}

	}

}
