package lanchat.gateway;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PacedWriterTests {

	private static final long BLOCKED_LIMIT_SECONDS = 10;

	private final AtomicInteger dropped = new AtomicInteger();

	private final AtomicInteger closingEvents = new AtomicInteger();

	private final PacedWriter writer = new PacedWriter(100, TimeUnit.SECONDS.toNanos(BLOCKED_LIMIT_SECONDS),
			dropped::incrementAndGet);

	private final EmbeddedChannel channel = new EmbeddedChannel();

	PacedWriterTests() {
		channel.freezeTime();
		channel.pipeline().addLast(writer, new ChannelInboundHandlerAdapter() {
			@Override
			public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
				if (event == PacedWriter.Closing.INSTANCE) {
					closingEvents.incrementAndGet();
				}
			}
		});
	}

	@Test
	void writesGoOutOneAtATimePaced() {
		write(1, 2);
		write(3);
		assertThat(written()).containsExactly(1);
		assertThat((Object) channel.readOutbound()).isNull();
		for (int expected = 2; expected <= 3; expected++) {
			channel.advanceTimeBy(PacedWriter.PACE - 1, TimeUnit.NANOSECONDS);
			channel.runScheduledPendingTasks();
			assertThat((Object) channel.readOutbound()).isNull();
			pace(1);
			assertThat(written()).containsExactly(expected);
			assertThat((Object) channel.readOutbound()).isNull();
		}
		assertThat(writer.queuedBytes()).isZero();
	}

	@Test
	void aWriteAfterAPauseGoesOutAtOnce() {
		write(1);
		assertThat(written()).containsExactly(1);
		pace(PacedWriter.PACE);
		write(2);
		assertThat(written()).containsExactly(2);
	}

	@Test
	void aClientThatLetsTooMuchPileUpIsDropped() {
		write(new byte[1]);
		assertThat(written()).hasSize(1);
		write(new byte[60]);
		assertThat(dropped).hasValue(0);
		write(new byte[60]);
		assertThat(dropped).hasValue(1);
		assertThat(channel.isOpen()).isFalse();
		pace(PacedWriter.PACE);
		assertThat((Object) channel.readOutbound()).isNull();
	}

	@Test
	void closingWaitsForWhatWasQueuedAndThenDropsTheRest() {
		write(1, 2);
		ChannelFuture closed = closeThroughThePipeline();
		ChannelFuture late = channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[] { 3 }));
		assertThat(late.isSuccess()).isFalse();
		assertThat(channel.isOpen()).isTrue();
		assertThat(channel.config().isAutoRead()).isFalse();
		assertThat(closingEvents).hasValue(1);
		assertThat(written()).containsExactly(1);
		pace(PacedWriter.PACE);
		assertThat(written()).containsExactly(2);
		assertThat(channel.isOpen()).isFalse();
		assertThat(closed.isSuccess()).isTrue();
		assertThat((Object) channel.readOutbound()).isNull();
	}

	@Test
	void aClientThatDoesNotReadTheReasonIsClosedAfterTheGrace() {
		setWritable(false);
		write(1);
		closeThroughThePipeline();
		channel.advanceTimeBy(PacedWriter.CLOSE_GRACE_MILLIS - 1, TimeUnit.MILLISECONDS);
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).isTrue();
		channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).isFalse();
		assertThat(dropped).hasValue(0);
	}

	@Test
	void aFullSocketHoldsTheWritesUntilItDrains() {
		setWritable(false);
		write(1, 2);
		pace(PacedWriter.PACE * 10);
		assertThat((Object) channel.readOutbound()).isNull();
		setWritable(true);
		assertThat(written()).containsExactly(1);
		pace(PacedWriter.PACE);
		assertThat(written()).containsExactly(2);
	}

	@Test
	void aSocketFullForTheTimeLimitDropsTheClient() {
		setWritable(false);
		channel.advanceTimeBy(BLOCKED_LIMIT_SECONDS - 1, TimeUnit.SECONDS);
		channel.runScheduledPendingTasks();
		setWritable(true);
		setWritable(false);
		channel.advanceTimeBy(BLOCKED_LIMIT_SECONDS - 1, TimeUnit.SECONDS);
		channel.runScheduledPendingTasks();
		assertThat(dropped).hasValue(0);
		assertThat(channel.isOpen()).isTrue();
		channel.advanceTimeBy(1, TimeUnit.SECONDS);
		channel.runScheduledPendingTasks();
		assertThat(dropped).hasValue(1);
		assertThat(channel.isOpen()).isFalse();
	}

	/**
	 * As the gateway closes; EmbeddedChannel's own close() would cancel every scheduled
	 * task.
	 */
	private ChannelFuture closeThroughThePipeline() {
		ChannelFuture closed = channel.pipeline().close();
		channel.runPendingTasks();
		return closed;
	}

	/**
	 * What a full socket looks like to the handlers: Netty turns the channel unwritable
	 * and says so.
	 */
	private void setWritable(boolean writable) {
		channel.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
		channel.runPendingTasks();
	}

	private void write(int... values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		for (byte b : bytes) {
			channel.write(Unpooled.wrappedBuffer(new byte[] { b }));
		}
		channel.flush();
		channel.runPendingTasks();
	}

	private void write(byte[] bytes) {
		channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
		channel.runPendingTasks();
	}

	private void pace(long nanos) {
		channel.advanceTimeBy(nanos, TimeUnit.NANOSECONDS);
		channel.runScheduledPendingTasks();
		channel.runPendingTasks();
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
