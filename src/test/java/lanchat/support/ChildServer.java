package lanchat.support;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The server a test runs in a child JVM ({@link ServerProcess}), killed after the test
 * whatever happened in it, so that a failed test leaves no server behind.
 */
public final class ChildServer implements AfterEachCallback {

	private @Nullable Process process;

	/** The server started now, which replaces any before it. */
	public void track(Process started) {
		process = started;
	}

	public Process process() {
		if (process == null) {
			throw new IllegalStateException("no server started yet");
		}
		return process;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if (process != null && process.isAlive()) {
			process.destroyForcibly();
		}
	}

}
