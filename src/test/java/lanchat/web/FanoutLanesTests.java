package lanchat.web;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lanes keep each session's deliveries in order, spread sessions over all lanes,
 * survive a failed delivery, make a caller wait, not lose work, when a lane is full, and
 * run work after a burst once it is over.
 */
class FanoutLanesTests {

	private FanoutLanes lanes;

	@AfterEach
	void stop() {
		lanes.destroy();
	}

	@Test
	void deliveriesForOneSessionRunInTheOrderTheyWereHandedOver() throws InterruptedException {
		lanes = new FanoutLanes(3, 16);
		Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
		List<String> sessions = IntStream.range(0, 20).mapToObj(Integer::toHexString).toList();
		CountDownLatch done = new CountDownLatch(sessions.size() * 500);
		for (int i = 0; i < 500; i++) {
			int number = i;
			for (String session : sessions) {
				lanes.onLaneOf(session, () -> {
					seen.computeIfAbsent(session, s -> new CopyOnWriteArrayList<>()).add(number);
					done.countDown();
				});
			}
		}
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		List<Integer> expected = IntStream.range(0, 500).boxed().toList();
		sessions.forEach(session -> assertThat(seen.get(session)).isEqualTo(expected));
	}

	@Test
	void eachLaneIsAThreadOfItsOwnAndSessionsUseEveryLane() throws InterruptedException {
		lanes = new FanoutLanes(4, 16);
		assertThat(lanes.count()).isEqualTo(4);
		Set<String> threads = ConcurrentHashMap.newKeySet();
		CountDownLatch done = new CountDownLatch(4);
		for (int lane = 0; lane < 4; lane++) {
			lanes.onLane(lane, () -> {
				threads.add(Thread.currentThread().getName());
				done.countDown();
			});
		}
		assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(threads).hasSize(4).allMatch(name -> name.startsWith("lanchat-fanout-"));
		// Tomcat numbers its sessions in hex: consecutive ids land on every lane
		assertThat(IntStream.range(0, 16).mapToObj(i -> lanes.laneOf(Integer.toHexString(i))).distinct().count())
			.isEqualTo(4);
	}

	@Test
	void aFailedDeliveryDoesNotStopItsLane() throws InterruptedException {
		lanes = new FanoutLanes(1, 16);
		CountDownLatch after = new CountDownLatch(1);
		lanes.onLaneOf("a", () -> {
			throw new IllegalStateException("a broken delivery");
		});
		lanes.onLaneOf("a", after::countDown);
		assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aFullLaneMakesTheCallerWaitInsteadOfDroppingWork() throws InterruptedException {
		lanes = new FanoutLanes(1, 2);
		CountDownLatch release = new CountDownLatch(1);
		lanes.onLaneOf("a", () -> await(release));
		List<Integer> ran = new CopyOnWriteArrayList<>();
		AtomicBoolean handedOver = new AtomicBoolean();
		Thread caller = new Thread(() -> {
			for (int i = 0; i < 5; i++) {
				int number = i;
				lanes.onLaneOf("a", () -> ran.add(number));
			}
			handedOver.set(true);
		});
		caller.start();
		// the lane is busy and holds two: the caller cannot hand over all five yet
		caller.join(300);
		assertThat(handedOver).isFalse();
		release.countDown();
		caller.join(5000);
		assertThat(handedOver).isTrue();
		CountDownLatch last = new CountDownLatch(1);
		lanes.onLaneOf("a", last::countDown);
		assertThat(last.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(ran).containsExactly(0, 1, 2, 3, 4);
	}

	@Test
	void workAfterABurstRunsOnceTheLaneHasDoneEverythingHandedToItSoFar() throws InterruptedException {
		lanes = new FanoutLanes(1, 64);
		List<String> order = new CopyOnWriteArrayList<>();
		CountDownLatch done = new CountDownLatch(1);
		CountDownLatch release = holdLane();
		handOver(5, order, task -> lanes.afterBurst(() -> order.add("after " + task)));
		lanes.onLane(0, () -> lanes.afterBurst(done::countDown));
		release.countDown();
		assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(order).containsExactly("task 0", "task 1", "task 2", "task 3", "task 4", "after 0", "after 1",
				"after 2", "after 3", "after 4");
	}

	@Test
	void aLaneThatNeverRunsDryStillRunsItsWorkAfterABurstOfAtMost32Tasks() throws InterruptedException {
		lanes = new FanoutLanes(1, 256);
		List<String> order = new CopyOnWriteArrayList<>();
		CountDownLatch done = new CountDownLatch(100);
		CountDownLatch release = holdLane();
		handOver(100, order, task -> {
			if (task == 0) {
				lanes.afterBurst(() -> order.add("after"));
			}
			done.countDown();
		});
		release.countDown();
		assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(order.indexOf("after")).isBetween(1, 33);
	}

	@Test
	void workAfterABurstRunsAtOnceWhenNotCalledOnALane() {
		lanes = new FanoutLanes(1, 16);
		AtomicBoolean ran = new AtomicBoolean();
		lanes.afterBurst(() -> ran.set(true));
		assertThat(ran).isTrue();
	}

	/**
	 * Holds lane 0 until the latch is counted down, so what it is handed meanwhile waits
	 * in its queue.
	 */
	private CountDownLatch holdLane() {
		CountDownLatch release = new CountDownLatch(1);
		lanes.onLane(0, () -> await(release));
		return release;
	}

	/**
	 * Hands lane 0 tasks that each note their number in {@code order}, then do
	 * {@code then}.
	 */
	private void handOver(int count, List<String> order, IntConsumer then) {
		for (int i = 0; i < count; i++) {
			int task = i;
			lanes.onLane(0, () -> {
				order.add("task " + task);
				then.accept(task);
			});
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
