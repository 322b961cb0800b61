package lanchat.web;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The threads that queue and write frames to sessions: a few lanes per processor core,
 * each serving the sessions whose id hashes to it, so a broadcast is written by all cores
 * at once while every session's frames stay in the order they were handed over.
 * <p>
 * A broadcast costs one thread hand-off per lane that serves someone in the room, however
 * many people that is. A lane that falls behind makes whoever hands it more work wait
 * (its queue is bounded): mostly the history writer, so under a flood messages wait in
 * its queue to be stored, as they did when it wrote to every session itself.
 */
@Component
class FanoutLanes implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(FanoutLanes.class);

	/**
	 * Lanes per core. More lanes than cores keep the cores writing while some lanes wait
	 * in a system call or for the scheduler: with 4 per core the room's maximum
	 * throughput was about a quarter higher than with 1 per core (docs/benchmarks.md),
	 * for a thread hand-off per lane per message.
	 */
	private static final int LANES_PER_CORE = 4;

	/**
	 * A broadcast to a big room visits every lane, so a big machine does not get hundreds
	 * of them.
	 */
	private static final int MAX_LANES = 16;

	/** Messages a lane may have waiting before the thread handing it more waits too. */
	private static final int QUEUE_CAPACITY = 4096;

	/**
	 * Under a steady flood a lane never runs dry; it still runs its after-burst work this
	 * often.
	 */
	private static final int MAX_BURST = 32;

	private final Lane[] lanes;

	/** On a lane's thread: what runs once its current burst of work is done. */
	private final ThreadLocal<Deque<Runnable>> afterBurst = new ThreadLocal<>();

	FanoutLanes() {
		this(Math.min(MAX_LANES, LANES_PER_CORE * Runtime.getRuntime().availableProcessors()), QUEUE_CAPACITY);
	}

	FanoutLanes(int count, int capacity) {
		this.lanes = new Lane[Math.max(1, count)];
		for (int i = 0; i < lanes.length; i++) {
			lanes[i] = new Lane("lanchat-fanout-" + i, capacity);
		}
	}

	/**
	 * The lane that serves a session, always the same one. Tomcat numbers sessions in
	 * hex, so their hashes are close together; multiplying by the golden ratio spreads
	 * them evenly over the lanes.
	 */
	int laneOf(String sessionId) {
		return (int) (((sessionId.hashCode() * 0x9E3779B9L) & 0xFFFFFFFFL) * lanes.length >>> 32);
	}

	/** How many lanes there are, numbered from 0. */
	int count() {
		return lanes.length;
	}

	/** Runs {@code work} on a lane, after what was handed to it before. */
	void onLane(int lane, Runnable work) {
		lanes[lane].execute(() -> run(work));
	}

	/**
	 * Runs {@code work} on the lane that serves the session, after what was handed to it
	 * before.
	 */
	void onLaneOf(String sessionId, Runnable work) {
		onLane(laneOf(sessionId), work);
	}

	/**
	 * Runs {@code work} once the calling lane has done all it was handed so far (or
	 * {@value #MAX_BURST} tasks of it), so that the frames a burst of messages queued for
	 * one session go out in one write. Not on a lane, it runs at once.
	 */
	void afterBurst(Runnable work) {
		Deque<Runnable> later = afterBurst.get();
		if (later == null) {
			run(work);
		}
		else {
			later.add(work);
		}
	}

	private static void run(Runnable work) {
		try {
			work.run();
		}
		catch (Throwable ex) {
			// a lane serves many sessions: one failed delivery must not stop it, and a
			// lane whose thread
			// died would run the next task it is given before those already waiting
			log.warn("Delivery failed: {}", ex.toString());
		}
	}

	@Override
	public void destroy() {
		for (ThreadPoolExecutor lane : lanes) {
			lane.shutdownNow();
		}
	}

	/** One thread and its queue; after each task it checks whether its burst is over. */
	private final class Lane extends ThreadPoolExecutor {

		private int tasksInBurst;

		Lane(String name, int capacity) {
			super(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity), task -> {
				Thread thread = new Thread(() -> {
					afterBurst.set(new ArrayDeque<>());
					task.run();
				}, name);
				thread.setDaemon(true);
				return thread;
			}, WAIT_FOR_ROOM);
		}

		@Override
		protected void afterExecute(Runnable task, @Nullable Throwable failure) {
			Deque<Runnable> later = afterBurst.get();
			if (later.isEmpty() || (++tasksInBurst < MAX_BURST && !getQueue().isEmpty())) {
				return;
			}
			tasksInBurst = 0;
			for (Runnable work = later.poll(); work != null; work = later.poll()) {
				run(work);
			}
		}

	}

	/**
	 * A full lane makes the caller wait for room rather than dropping or reordering a
	 * delivery; only a lane that has stopped (the server is shutting down) lets it go.
	 */
	private static final RejectedExecutionHandler WAIT_FOR_ROOM = (task, lane) -> {
		try {
			while (!lane.isShutdown()) {
				if (lane.getQueue().offer(task, 100, TimeUnit.MILLISECONDS)) {
					return;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		log.debug("A delivery was not queued: the server is stopping");
	};

}
