package lanchat.gateway;

import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import lanchat.protocol.ServerMessage;

/**
 * Writes each {@link ServerMessage} as the connection's dialect renders it for this
 * client: one message may be several writes, each at most {@link Dialect#MAX_WRITE}
 * bytes, or none at all. The writes go on to the {@link PacedWriter}, one after the
 * other, so no other message comes between them.
 */
final class DialectEncoder extends ChannelOutboundHandlerAdapter {

	private final Dialect dialect;

	DialectEncoder(Dialect dialect) {
		this.dialect = dialect;
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (!(msg instanceof ServerMessage message)) {
			ctx.write(msg, promise);
			return;
		}
		List<byte[]> writes = dialect.render(message, TcpSession.user(ctx.channel()));
		if (writes.isEmpty()) {
			promise.trySuccess();
			return;
		}
		int last = writes.size() - 1;
		for (int i = 0; i < last; i++) {
			ctx.write(Unpooled.wrappedBuffer(writes.get(i)));
		}
		ctx.write(Unpooled.wrappedBuffer(writes.get(last)), promise);
	}

}
