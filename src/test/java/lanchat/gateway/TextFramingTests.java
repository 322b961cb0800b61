package lanchat.gateway;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

import static lanchat.gateway.JsonFrameDecoderTests.buffer;
import static lanchat.gateway.JsonFrameDecoderTests.bytes;
import static lanchat.gateway.JsonFrameDecoderTests.frames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The text dialect's framing, {@link PauseEndsLine} before Netty's line decoder, as
 * {@link TextDialect} sets it up.
 */
class TextFramingTests {

	private final EmbeddedChannel channel = framing(65536);

	@Test
	void linesEndAtNewlineWithOrWithoutCarriageReturn() {
		channel.writeInbound(buffer(bytes("Alice\r\nhello\n\n/w Bob psst\n")));
		assertThat(frames(channel)).containsExactly("Alice", "hello", "", "/w Bob psst");
	}

	@Test
	void theSameLinesComeOutWhereverTheStreamIsCut() {
		byte[] stream = bytes("小明\n你好 😀\r\nçava\n");
		for (int cut = 0; cut <= stream.length; cut++) {
			EmbeddedChannel cutChannel = framing(65536);
			cutChannel.writeInbound(Unpooled.wrappedBuffer(stream, 0, cut));
			cutChannel.writeInbound(Unpooled.wrappedBuffer(stream, cut, stream.length - cut));
			assertThat(frames(cutChannel)).as("cut at %d", cut).containsExactly("小明", "你好 😀", "çava");
		}
	}

	/** The seed's v1 and v2 clients send each message in one write, with no newline. */
	@Test
	void aPauseEndsALineThatHasNoNewline() {
		channel.writeInbound(buffer(bytes("Alice")));
		assertThat(frames(channel)).isEmpty();
		channel.advanceTimeBy(PauseEndsLine.PAUSE_MILLIS - 1, TimeUnit.MILLISECONDS);
		channel.runScheduledPendingTasks();
		channel.writeInbound(buffer(bytes(" Smith\r")));
		channel.advanceTimeBy(PauseEndsLine.PAUSE_MILLIS - 1, TimeUnit.MILLISECONDS);
		channel.runScheduledPendingTasks();
		assertThat(frames(channel)).isEmpty();
		channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
		channel.runScheduledPendingTasks();
		assertThat(frames(channel)).containsExactly("Alice Smith");
	}

	@Test
	void aReadThatEndsItsLinesNeedsNoPause() {
		channel.writeInbound(buffer(bytes("one\ntwo\n")));
		assertThat(frames(channel)).containsExactly("one", "two");
		channel.advanceTimeBy(1, TimeUnit.SECONDS);
		channel.runScheduledPendingTasks();
		assertThat(frames(channel)).isEmpty();
	}

	@Test
	void aLineLongerThanTheLimitIsRefused() {
		EmbeddedChannel small = framing(10);
		small.writeInbound(buffer(bytes("0123456789\n")));
		assertThat(frames(small)).containsExactly("0123456789");
		assertThatThrownBy(() -> small.writeInbound(buffer(bytes("0123456789x"))))
			.isInstanceOf(TooLongFrameException.class);
	}

	private static EmbeddedChannel framing(int maxLine) {
		EmbeddedChannel channel = new EmbeddedChannel();
		channel.freezeTime();
		channel.pipeline().addLast(TextDialect.INSTANCE.framing(maxLine).toArray(ChannelHandler[]::new));
		return channel;
	}

}
