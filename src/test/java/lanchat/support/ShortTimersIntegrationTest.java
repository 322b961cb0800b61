package lanchat.support;

import org.springframework.test.context.TestPropertySource;

/**
 * The running app with heart-beats every second, for tests of connections that fall
 * silent (heart-beats are checked on the task scheduler, in real time; what the
 * application's clock decides is tested by moving it, see
 * {@link ClockedIntegrationTest}).
 */
@TestPropertySource(properties = "lanchat.heartbeat=1s")
public abstract class ShortTimersIntegrationTest extends IntegrationTest {

}
