package lanchat.support;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import lanchat.admission.ConnectionClosed;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connections a running app closes, as admission announces them: after presence has
 * handled the leave (and announced it, were it the last), so whatever a test sends once
 * it has heard of the close reaches the others after any announcement. Listens until
 * closed.
 */
public final class ClosedConnections implements AutoCloseable {

	private final ConfigurableApplicationContext app;

	private final BlockingQueue<String> closed = new LinkedBlockingQueue<>();

	private final ApplicationListener<?> listener = ApplicationListener
		.forPayload((ConnectionClosed gone) -> closed.add(gone.connection().user().username()));

	public ClosedConnections(ConfigurableApplicationContext app) {
		this.app = app;
		app.addApplicationListener(listener);
	}

	/** Waits until the server has closed a connection of {@code username}. */
	public void awaitClosed(String username) throws InterruptedException {
		String next;
		do {
			next = closed.poll(StompTestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(next).as("%s's connection closed on the server", username).isNotNull();
		}
		while (!next.equals(username));
	}

	@Override
	public void close() {
		app.removeApplicationListener(listener);
	}

}
