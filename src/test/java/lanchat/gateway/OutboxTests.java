package lanchat.gateway;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxTests {

	private final EmbeddedChannel channel = new EmbeddedChannel();

	private final AtomicInteger dropped = new AtomicInteger();

	private final Outbox outbox = new Outbox(channel, 100, TimeUnit.SECONDS.toNanos(10), dropped::incrementAndGet);

	@Test
	void writesGoOutOneAtATimePaced() {
		outbox.add(List.of(new byte[] { 1 }, new byte[] { 2 }));
		outbox.add(List.of(new byte[] { 3 }));
		channel.runPendingTasks();
		assertThat(written()).containsExactly(1);
		assertThat((Object) channel.readOutbound()).isNull();
		for (int expected = 2; expected <= 3; expected++) {
			channel.advanceTimeBy(Outbox.PACE, TimeUnit.NANOSECONDS);
			channel.runScheduledPendingTasks();
			assertThat(written()).containsExactly(expected);
			assertThat((Object) channel.readOutbound()).isNull();
		}
		assertThat(outbox.queuedBytes()).isZero();
	}

	@Test
	void aClientThatLetsTooMuchPileUpIsDropped() {
		outbox.add(List.of(new byte[60]));
		assertThat(dropped).hasValue(0);
		outbox.add(List.of(new byte[60]));
		assertThat(dropped).hasValue(1);
		outbox.add(List.of(new byte[1]));
		channel.runPendingTasks();
		assertThat((Object) channel.readOutbound()).isNull();
	}

	@Test
	void closingWaitsForWhatWasQueued() {
		outbox.add(List.of(new byte[] { 1 }, new byte[] { 2 }));
		outbox.closeWhenDrained();
		outbox.add(List.of(new byte[] { 3 }));
		channel.runPendingTasks();
		assertThat(channel.isOpen()).isTrue();
		channel.advanceTimeBy(Outbox.PACE, TimeUnit.NANOSECONDS);
		channel.runScheduledPendingTasks();
		channel.advanceTimeBy(Outbox.PACE, TimeUnit.NANOSECONDS);
		channel.runScheduledPendingTasks();
		channel.runPendingTasks();
		assertThat(channel.isOpen()).isFalse();
		assertThat(written()).containsExactly(1);
		assertThat(written()).containsExactly(2);
		assertThat((Object) channel.readOutbound()).isNull();
	}

	private byte[] written() {
		ByteBuf buffer = channel.readOutbound();
		assertThat(buffer).isNotNull();
		byte[] bytes = new byte[buffer.readableBytes()];
		buffer.readBytes(bytes);
		buffer.release();
		return bytes;
	}

}
