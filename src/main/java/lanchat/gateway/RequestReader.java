package lanchat.gateway;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import lanchat.chat.InboundChat;
import lanchat.identity.ChatUser;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.protocol.ServerMessage;
import lanchat.security.LogText;
import lanchat.security.RateLimits;
import lanchat.security.TokenBucket;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a connection's frames into what the client asks for, on the event loop: the first
 * frame is the name it wants ({@link Dialect.NameRequest}), every later one is chat input
 * ({@link InboundChat}), both passed on to the {@link TcpSession}. The rate limits (the
 * connection's, its identity's and its address's) are applied here, so a flood is dropped
 * before it costs the database anything. What is wrong with the bytes themselves (too
 * long, not UTF-8, no name) is answered here and closes the connection.
 * <p>
 * A client must ask for a name within {@link #NAME_TIMEOUT_SECONDS} of connecting,
 * however it trickles its bytes in: a deadline, where Netty's {@code ReadTimeoutHandler}
 * would only measure silence.
 */
final class RequestReader extends ChannelInboundHandlerAdapter {

	static final long NAME_TIMEOUT_SECONDS = 30;

	private static final Logger log = LoggerFactory.getLogger(RequestReader.class);

	private final RateLimits rateLimits;

	private final int maxFrame;

	private @Nullable Dialect dialect;

	private @Nullable TokenBucket bucket;

	private @Nullable Refusal refusedAtAccept;

	private @Nullable ScheduledFuture<?> nameDeadline;

	private boolean named;

	private boolean closing;

	RequestReader(RateLimits rateLimits, int maxFrame) {
		this.rateLimits = rateLimits;
		this.maxFrame = maxFrame;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		bucket = rateLimits.newBucket(now(ctx));
		nameDeadline = ctx.executor().schedule(() -> {
			log.info("Closed TCP client {}: it sent no name within {} s", ctx.channel().remoteAddress(),
					NAME_TIMEOUT_SECONDS);
			closing = true;
			ctx.close();
		}, NAME_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		ctx.fireChannelActive();
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof Dialect chosen) {
			dialect = chosen;
		}
		else if (event instanceof Refusal refusal) {
			// a refused connection only gets to hear why, and not for long
			refusedAtAccept = refusal;
			cancelDeadline();
			nameDeadline = ctx.executor().schedule(() -> {
				closing = true;
				ctx.close();
			}, PacedWriter.CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
		}
		else if (event == PacedWriter.Closing.INSTANCE) {
			closing = true;
		}
		ctx.fireUserEventTriggered(event);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		Dialect current = dialect;
		if (closing || current == null || bucket == null) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (msg instanceof JsonFrameDecoder.Skipped skipped) {
			if (bucket.shouldWarn(now(ctx))) {
				reply(ctx, ServerMessage.refusal(ErrorCode.BAD_FRAME,
						"Skipped " + skipped.bytes() + " bytes that were not part of a JSON object."));
			}
			return;
		}
		String frame = (String) msg;
		if (refusedAtAccept != null) {
			close(ctx, refusedAtAccept.code(), refusedAtAccept.getMessage());
		}
		else if (!named) {
			name(ctx, current, frame);
		}
		else {
			message(ctx, current, bucket, frame);
		}
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (cause instanceof TooLongFrameException) {
			close(ctx, ErrorCode.FRAME_TOO_LARGE,
					"A message may be at most " + maxFrame + " bytes. Closing the connection.");
		}
		else if (cause instanceof CorruptedFrameException) {
			close(ctx, ErrorCode.BAD_FRAME, cause.getMessage());
		}
		else {
			log.debug("TCP client {} failed: {}", ctx.channel().remoteAddress(), LogText.of(cause));
			closing = true;
			ctx.close();
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		closing = true;
		cancelDeadline();
		ctx.fireChannelInactive();
	}

	private void name(ChannelHandlerContext ctx, Dialect current, String frame) {
		Dialect.NameRequest request;
		try {
			request = current.name(frame);
		}
		catch (Refusal ex) {
			close(ctx, ex.code(), ex.getMessage());
			return;
		}
		if (request != null) {
			named = true;
			cancelDeadline();
			ctx.fireChannelRead(request);
		}
	}

	private void message(ChannelHandlerContext ctx, Dialect current, TokenBucket bucket, String frame) {
		long now = now(ctx);
		long wait = bucket.take(now);
		if (wait == 0) {
			ChatUser user = TcpSession.user(ctx.channel());
			wait = rateLimits.takeShared(user == null ? null : user.getName(), TcpPipeline.address(ctx.channel()));
		}
		if (wait > 0) {
			if (bucket.shouldWarn(now)) {
				reply(ctx, ServerMessage.refusal(ErrorCode.RATE_LIMITED, RateLimits.tooFast(wait)));
			}
			return;
		}
		InboundChat inbound;
		try {
			inbound = current.message(frame);
		}
		catch (Refusal ex) {
			reply(ctx, ServerMessage.refusal(ex.code(), ex.getMessage()));
			return;
		}
		if (inbound != null) {
			ctx.fireChannelRead(inbound);
		}
	}

	private static void reply(ChannelHandlerContext ctx, ServerMessage message) {
		ctx.writeAndFlush(message);
	}

	private void close(ChannelHandlerContext ctx, ErrorCode code, String reason) {
		if (closing) {
			return;
		}
		closing = true;
		cancelDeadline();
		reply(ctx, ServerMessage.refusal(code, reason));
		ctx.close();
	}

	private void cancelDeadline() {
		if (nameDeadline != null) {
			nameDeadline.cancel(false);
			nameDeadline = null;
		}
	}

	private static long now(ChannelHandlerContext ctx) {
		return ctx.executor().ticker().nanoTime();
	}

}
