package lanchat.gateway;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Picks the connection's dialect from its first bytes, the way Netty's port-unification
 * examples do: an object ({@code {}) means the seed's v3 JSON client, anything else a
 * text client. Leading whitespace says nothing and is skipped. The detector then puts the
 * dialect's framing in its own place and the dialect's encoder before the {@link
 * RequestReader}, tells the handlers behind it which dialect it is (a {@link Dialect}
 * event), and leaves; the bytes it holds go on to the framing.
 */
final class DialectDetector extends ByteToMessageDecoder {

	private final Dialect json;

	private final Dialect text;

	private final int maxFrame;

	DialectDetector(Dialect json, Dialect text, int maxFrame) {
		this.json = json;
		this.text = text;
		this.maxFrame = maxFrame;
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		while (in.isReadable() && JsonFrameDecoder.isWhitespace(in.getByte(in.readerIndex()))) {
			in.skipBytes(1);
		}
		if (!in.isReadable()) {
			return;
		}
		Dialect dialect = in.getByte(in.readerIndex()) == '{' ? json : text;
		ChannelPipeline pipeline = ctx.pipeline();
		String after = ctx.name();
		for (ChannelHandler framing : dialect.framing(maxFrame)) {
			pipeline.addAfter(after, null, framing);
			after = pipeline.context(framing).name();
		}
		pipeline.addBefore(TcpPipeline.READER, TcpPipeline.ENCODER, new DialectEncoder(dialect));
		ctx.fireUserEventTriggered(dialect);
		pipeline.remove(this);
	}

}
