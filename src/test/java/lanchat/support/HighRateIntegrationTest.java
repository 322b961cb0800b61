package lanchat.support;

import org.springframework.test.context.TestPropertySource;

/**
 * The running app with the per-connection rate limit lifted, for tests that need volume
 * quickly.
 */
@TestPropertySource(properties = { "lanchat.limits.rate-per-second=100000", "lanchat.limits.burst=100000" })
public abstract class HighRateIntegrationTest extends IntegrationTest {

}
