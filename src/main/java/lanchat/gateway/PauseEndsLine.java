package lanchat.gateway;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * Ends a text client's line when it pauses. The seed's v1 and v2 clients send one message
 * per write with no newline, so the pause after it is the only end they mark: a read that
 * does not end in a newline is followed, if nothing more comes within
 * {@link #PAUSE_MILLIS}, by a newline of the server's own, for the line decoder behind
 * this handler.
 */
final class PauseEndsLine extends ChannelInboundHandlerAdapter {

	/**
	 * Long enough for the rest of one write to arrive; people do not type two messages
	 * this fast.
	 */
	static final long PAUSE_MILLIS = 50;

	private static final byte[] NEWLINE = { '\n' };

	private @Nullable ScheduledFuture<?> pause;

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		cancel();
		boolean endsLine = msg instanceof ByteBuf bytes && bytes.isReadable()
				&& bytes.getByte(bytes.writerIndex() - 1) == '\n';
		ctx.fireChannelRead(msg);
		if (!endsLine) {
			pause = ctx.executor().schedule(() -> {
				pause = null;
				ctx.fireChannelRead(Unpooled.wrappedBuffer(NEWLINE));
				ctx.fireChannelReadComplete();
			}, PAUSE_MILLIS, TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		cancel();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		cancel();
	}

	private void cancel() {
		if (pause != null) {
			pause.cancel(false);
			pause = null;
		}
	}

}
