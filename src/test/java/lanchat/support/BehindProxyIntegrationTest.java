package lanchat.support;

import org.springframework.test.context.TestPropertySource;

/**
 * The running app as it is configured behind a reverse proxy on the same machine:
 * forwarded headers are believed from 127.0.0.1 only (so 127.0.0.2, 127.0.0.3, ... are
 * clients that cannot spoof them), one connection per address so that addresses are easy
 * to tell apart, and the backup endpoint on.
 */
@TestPropertySource(properties = { "server.forward-headers-strategy=native", "lanchat.trusted-proxies=127.0.0.1",
		"lanchat.limits.connections-per-address=1", "lanchat.public-url=https://chat.home.lan",
		"lanchat.admin-secret=behind-the-proxy", "management.endpoints.web.exposure.include=health,backup" })
public abstract class BehindProxyIntegrationTest extends IntegrationTest {

	/** The moderator secret configured for this app. */
	protected static final String ADMIN_SECRET = "behind-the-proxy";

}
