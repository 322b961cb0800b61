package lanchat.system;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueueWorkerTests {

	@Test
	void anErrorWhileHandlingStopsTheWorkerAndAnswersWhatItTookAndWhatWasQueued() throws Exception {
		Worker worker = new Worker();
		worker.start();
		try {
			assertThat(worker.offer("hold")).isTrue();
			assertThat(worker.holding.await(10, TimeUnit.SECONDS)).isTrue();
			// one at a time, so "boom" is taken alone and the other two are still queued
			assertThat(worker.offer("boom")).isTrue();
			assertThat(worker.offer("queued 1")).isTrue();
			assertThat(worker.offer("queued 2")).isTrue();
			worker.release.countDown();

			assertThat(worker.allAbandoned.get(10, TimeUnit.SECONDS)).containsExactly("boom", "queued 1", "queued 2");
			assertThat(worker.handled).containsExactly("hold");
			assertThat(worker.isRunning()).isFalse();
			assertThat(worker.offer("late")).as("queued after the worker stopped").isFalse();
		}
		finally {
			worker.release.countDown();
			worker.stop();
		}
	}

	@Test
	void whatIsQueuedWhenItStopsIsHandledAndNothingIsAbandoned() throws Exception {
		Worker worker = new Worker();
		worker.start();
		assertThat(worker.offer("hold")).isTrue();
		assertThat(worker.holding.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(worker.offer("queued")).isTrue();
		worker.release.countDown();

		worker.stop();

		assertThat(worker.handled).containsExactly("hold", "queued");
		assertThat(worker.abandoned).isEmpty();
		assertThat(worker.offer("late")).isFalse();
	}

	private static final class Worker extends QueueWorker<String> {

		final CountDownLatch holding = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final List<String> handled = new CopyOnWriteArrayList<>();

		final List<String> abandoned = new CopyOnWriteArrayList<>();

		final CompletableFuture<List<String>> allAbandoned = new CompletableFuture<>();

		Worker() {
			super("test-worker", new LinkedBlockingQueue<>(), 1, Duration.ofSeconds(10), 0);
		}

		boolean offer(String item) {
			return enqueue(item);
		}

		@Override
		protected void handle(List<String> batch) {
			for (String item : batch) {
				if (item.equals("boom")) {
					throw new Boom();
				}
				if (item.equals("hold")) {
					holding.countDown();
					awaitRelease();
				}
				handled.add(item);
			}
		}

		@Override
		protected void abandon(String item) {
			abandoned.add(item);
			if (abandoned.size() == 3) {
				allAbandoned.complete(List.copyOf(abandoned));
			}
		}

		private void awaitRelease() {
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/** Stands for an out-of-memory error or a bug deep in a driver. */
	private static final class Boom extends Error {

		Boom() {
			super("boom", null, false, false);
		}

	}

}
