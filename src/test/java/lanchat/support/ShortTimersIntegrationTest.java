package lanchat.support;

import org.springframework.test.context.TestPropertySource;

/**
 * The running app with its timers shortened, for tests of what happens after a while: names released
 * after 2 s offline, heart-beats every second.
 */
@TestPropertySource(properties = { "lanchat.identity.release-after=2s", "lanchat.heartbeat=1s" })
public abstract class ShortTimersIntegrationTest extends IntegrationTest {
}
