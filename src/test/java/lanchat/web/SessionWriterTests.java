package lanchat.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import lanchat.support.MutableClock;
import lanchat.web.tomcat.Frame;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One session's writer against a fake session: what it writes, when, in which order, and
 * when it gives up on a client. Time is the test's clock, and later work runs when the
 * test says.
 */
class SessionWriterTests {

	private static final String DROPPED = "close " + CloseStatus.SESSION_NOT_RELIABLE.getCode();

	private static final SessionWriter.Limits LIMITS = new SessionWriter.Limits(10_000, Duration.ofSeconds(10));

	private final MutableClock clock = new MutableClock();

	private final ManualScheduler scheduler = new ManualScheduler(clock);

	private final List<Runnable> burst = new ArrayList<>();

	private final FakeSocket socket = new FakeSocket();

	private final SessionWriter writer = new SessionWriter(socket, LIMITS, burst::add, scheduler, clock);

	@Test
	void framesQueuedInOneBurstGoOutInOneWriteAndInOrder() {
		Frame a = frame(10);
		Frame b = frame(10);
		Frame c = frame(10);
		writer.enqueue(a);
		writer.enqueue(b);
		writer.enqueue(c);
		assertThat(socket.writes).as("nothing before the burst is over").isEmpty();

		endBurst();

		assertThat(socket.writes).containsExactly(List.of(a, b, c));
	}

	@Test
	void framesQueuedWhileAWriteIsInFlightGoTogetherOnceItCompletes() {
		socket.completeAtOnce = false;
		Frame a = frame(10);
		Frame b = frame(10);
		Frame c = frame(10);
		writer.enqueue(a);
		endBurst();
		writer.enqueue(b);
		writer.enqueue(c);
		endBurst();
		assertThat(socket.writes).as("one write in flight at a time").containsExactly(List.of(a));

		socket.completeOldest();

		assertThat(socket.writes).containsExactly(List.of(a), List.of(b, c));
	}

	@Test
	void aWriteTakesAtMostItsShareOfFramesAndTheRestFollow() {
		List<Frame> queued = new ArrayList<>();
		for (int i = 0; i < FrameQueue.MAX_WRITE_FRAMES + 6; i++) {
			queued.add(frame(10));
			writer.enqueue(queued.get(i));
		}

		endBurst();

		assertThat(socket.writes).containsExactly(queued.subList(0, FrameQueue.MAX_WRITE_FRAMES),
				queued.subList(FrameQueue.MAX_WRITE_FRAMES, queued.size()));
	}

	@Test
	void aWriteStopsTakingFramesOnceItHoldsItsShareOfBytes() {
		SessionWriter roomy = new SessionWriter(socket, new SessionWriter.Limits(1_000_000, Duration.ofSeconds(10)),
				burst::add, scheduler, clock);
		int big = (int) (FrameQueue.MAX_WRITE_BYTES * 2 / 3);
		Frame a = frame(big);
		Frame b = frame(big);
		Frame c = frame(big);
		roomy.enqueue(a);
		roomy.enqueue(b);
		roomy.enqueue(c);

		endBurst();

		assertThat(socket.writes).containsExactly(List.of(a, b), List.of(c));
	}

	@Test
	void aBusySocketIsTriedAgainLaterWithTheSameFrames() {
		socket.busy = true;
		Frame a = frame(10);
		writer.enqueue(a);
		endBurst();
		assertThat(socket.writes).isEmpty();
		assertThat(scheduler.dueIn()).containsExactly(Duration.ofMillis(1));

		clock.advance(Duration.ofMillis(1));
		scheduler.runDue();
		assertThat(scheduler.dueIn()).as("tries less often while it stays busy").containsExactly(Duration.ofMillis(2));

		socket.busy = false;
		clock.advance(Duration.ofMillis(2));
		scheduler.runDue();
		assertThat(socket.writes).containsExactly(List.of(a));
		assertThat(scheduler.dueIn()).isEmpty();
	}

	@Test
	void aClientThatStopsReadingIsDroppedOnceTooMuchIsQueuedForIt() {
		socket.completeAtOnce = false;
		writer.enqueue(frame(1_000));
		endBurst();
		for (int queued = 0; queued <= LIMITS.bufferBytes(); queued += 1_000) {
			assertThat(writer.isClosing()).as("%d bytes queued", queued).isFalse();
			writer.enqueue(frame(998));
		}

		assertDropped();
	}

	@Test
	void aClientWhoseWriteIsPendingTooLongIsDroppedAtTheNextFrame() {
		socket.completeAtOnce = false;
		writer.enqueue(frame(10));
		endBurst();
		clock.advance(LIMITS.writeTime());
		writer.enqueue(frame(10));
		assertThat(writer.isClosing()).as("at the limit, not yet past it").isFalse();

		clock.advance(Duration.ofMillis(1));
		writer.enqueue(frame(10));

		assertDropped();
	}

	@Test
	void aSocketBusyPastTheTimeLimitCountsFromTheFirstTry() {
		socket.busy = true;
		writer.enqueue(frame(10));
		endBurst();
		clock.advance(LIMITS.writeTime().plusMillis(1));

		writer.enqueue(frame(10));

		assertDropped();
	}

	@Test
	void aFailedWriteDropsTheClient() {
		socket.completeAtOnce = false;
		writer.enqueue(frame(10));
		endBurst();

		socket.failOldest();

		assertDropped();
	}

	@Test
	void aLastMessageGoesOutBeforeTheCloseAndNothingAfterIt() {
		socket.completeAtOnce = false;
		writer.enqueue(frame(10));
		endBurst();
		socket.completeOldest();
		TextMessage error = new TextMessage("ERROR\n\n\0");

		writer.sendThenClose(error, CloseStatus.PROTOCOL_ERROR);
		writer.enqueue(frame(10));
		endBurst();

		assertThat(socket.events).containsExactly("write 1", "send ERROR\n\n\0",
				"close " + CloseStatus.PROTOCOL_ERROR.getCode());
	}

	@Test
	void nothingIsWrittenAfterTheSessionClosedNotEvenWhatWasQueuedOrRetried() {
		writer.enqueue(frame(10));
		socket.busy = true;
		writer.stopWriting();
		endBurst();
		writer.enqueue(frame(10));
		endBurst();

		assertThat(socket.events).isEmpty();
		assertThat(scheduler.dueIn()).isEmpty();
	}

	@Test
	void aRetryDueAfterTheCloseWritesNothing() {
		socket.busy = true;
		writer.enqueue(frame(10));
		endBurst();
		socket.busy = false;
		writer.stopWriting();

		clock.advance(Duration.ofMillis(1));
		scheduler.runDue();

		assertThat(socket.writes).isEmpty();
	}

	@Test
	void springsOwnMessageGoesOutAtOnceAndTheQueueAfterIt() throws IOException {
		Frame a = frame(10);
		writer.enqueue(a);
		TextMessage receipt = new TextMessage("RECEIPT\n\n\0");

		writer.send(receipt);

		assertThat(socket.events).containsExactly("send RECEIPT\n\n\0", "write 1");
		assertThat(socket.writes).containsExactly(List.of(a));
	}

	@Test
	void aServerThatIsStoppingEndsTheRetries() {
		socket.busy = true;
		scheduler.rejecting = true;
		writer.enqueue(frame(10));

		endBurst();

		assertThat(writer.isClosing()).isTrue();
		socket.busy = false;
		writer.enqueue(frame(10));
		endBurst();
		assertThat(socket.writes).isEmpty();
	}

	private void assertDropped() {
		assertThat(writer.isClosing()).isTrue();
		assertThat(socket.events).contains("limit 50").doesNotContain(DROPPED);
		scheduler.runDue();
		assertThat(socket.events).endsWith(DROPPED);
		int writes = socket.writes.size();
		writer.enqueue(frame(10));
		endBurst();
		assertThat(socket.writes).hasSize(writes);
	}

	private void endBurst() {
		List<Runnable> work = List.copyOf(burst);
		burst.clear();
		work.forEach(Runnable::run);
	}

	/** A frame that takes {@code bytes} in the send buffer. */
	private static Frame frame(int bytes) {
		return Frame.of(new byte[bytes - (bytes - 2 < 126 ? 2 : 4)]);
	}

	/**
	 * Records what the writer does to its session; completes writes at once or when the
	 * test says.
	 */
	private static final class FakeSocket implements WriteTarget {

		final List<String> events = new ArrayList<>();

		final List<List<Frame>> writes = new ArrayList<>();

		final List<SendHandler> inFlight = new ArrayList<>();

		boolean completeAtOnce = true;

		boolean busy;

		@Override
		public String id() {
			return "fake";
		}

		@Override
		public boolean write(Supplier<List<Frame>> take, SendHandler done) {
			if (busy) {
				return false;
			}
			List<Frame> frames = take.get();
			events.add("write " + frames.size());
			writes.add(frames);
			if (completeAtOnce) {
				done.onResult(new SendResult((Session) null));
			}
			else {
				inFlight.add(done);
			}
			return true;
		}

		void completeOldest() {
			inFlight.remove(0).onResult(new SendResult((Session) null));
		}

		void failOldest() {
			inFlight.remove(0).onResult(new SendResult((Session) null, new IOException("reset")));
		}

		@Override
		public void send(WebSocketMessage<?> message) {
			events.add("send " + message.getPayload());
		}

		@Override
		public void close(CloseStatus status) {
			events.add("close " + status.getCode());
		}

		@Override
		public void limitBlockingWrites(Duration limit) {
			events.add("limit " + limit.toMillis());
		}

	}

	/**
	 * Runs what was scheduled when the test says, once the test's clock has reached it.
	 */
	private static final class ManualScheduler implements TaskScheduler {

		private record Task(Runnable work, Instant due) {
		}

		private final Clock clock;

		private final List<Task> tasks = new ArrayList<>();

		boolean rejecting;

		ManualScheduler(Clock clock) {
			this.clock = clock;
		}

		List<Duration> dueIn() {
			return tasks.stream().map(task -> Duration.between(clock.instant(), task.due())).toList();
		}

		void runDue() {
			List<Task> due = tasks.stream().filter(task -> !task.due().isAfter(clock.instant())).toList();
			tasks.removeAll(due);
			due.forEach(task -> task.work().run());
		}

		@Override
		public Clock getClock() {
			return clock;
		}

		@Override
		public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
			if (rejecting) {
				throw new RejectedExecutionException("stopping");
			}
			tasks.add(new Task(task, startTime));
			return null;
		}

		@Override
		public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
			throw new UnsupportedOperationException();
		}

		@Override
		public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
			throw new UnsupportedOperationException();
		}

		@Override
		public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
			throw new UnsupportedOperationException();
		}

		@Override
		public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
			throw new UnsupportedOperationException();
		}

		@Override
		public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
			throw new UnsupportedOperationException();
		}

	}

}
