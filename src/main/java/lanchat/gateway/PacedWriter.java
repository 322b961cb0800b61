package lanchat.gateway;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import lanchat.identity.ChatUser;
import lanchat.security.LogText;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to one client one piece at a time, {@link #PACE} apart: the seed's v3 client
 * parses each read as one JSON object, so two writes must not arrive in one read. What
 * waits is held here, not in Netty's outbound buffer, so it can be counted and dropped.
 * <p>
 * A client that does not read is a slow reader and is dropped, as over STOMP: when more
 * than {@code maxQueued} bytes wait here, or when the socket stays full (the channel
 * unwritable) for {@code blockedLimit}. Writability events resume the writes and stop the
 * clock; nothing polls.
 * <p>
 * A close waits until what was queued before it is written, so the client reads why it is
 * closed; it takes at most {@link #CLOSE_GRACE_MILLIS}, for a client that does not read.
 * Meanwhile the connection reads nothing more, later writes are dropped, and the handlers
 * behind this one get a {@link Closing} event.
 */
final class PacedWriter extends ChannelDuplexHandler {

	/**
	 * Long enough for a Python client to print one message and read again, short enough
	 * to go unnoticed.
	 */
	static final long PACE = TimeUnit.MILLISECONDS.toNanos(40);

	/** How long a client that is being closed gets to read the reason. */
	static final long CLOSE_GRACE_MILLIS = 2000;

	private static final Logger log = LoggerFactory.getLogger(PacedWriter.class);

	private final long maxQueued;

	private final long blockedLimitNanos;

	private final Runnable onSlowReader;

	private final ArrayDeque<Pending> queue = new ArrayDeque<>();

	private long queuedBytes;

	/** The ticker's time from which the next piece may go. */
	private long nextWriteAt;

	private @Nullable ScheduledFuture<?> nextWrite;

	private @Nullable ScheduledFuture<?> blocked;

	private @Nullable ChannelPromise closing;

	private boolean closed;

	/**
	 * @param onSlowReader called once when the client is dropped for not reading
	 */
	PacedWriter(long maxQueued, long blockedLimitNanos, Runnable onSlowReader) {
		this.maxQueued = maxQueued;
		this.blockedLimitNanos = blockedLimitNanos;
		this.onSlowReader = onSlowReader;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		nextWriteAt = ctx.executor().ticker().nanoTime();
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (!(msg instanceof ByteBuf bytes)) {
			ctx.write(msg, promise);
			return;
		}
		if (closing != null || closed) {
			bytes.release();
			if (!promise.isVoid()) {
				promise.tryFailure(new ClosedChannelException());
			}
			return;
		}
		queue.add(new Pending(bytes, promise));
		queuedBytes += bytes.readableBytes();
		if (queuedBytes > maxQueued) {
			drop(ctx, "more than " + maxQueued + " bytes waited for it");
			return;
		}
		scheduleWrite(ctx);
	}

	/** Each piece is flushed as it is written, {@link #PACE} apart. */
	@Override
	public void flush(ChannelHandlerContext ctx) {
	}

	@Override
	public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
		if (closed) {
			ctx.close(promise);
			return;
		}
		if (closing != null) {
			ctx.channel().closeFuture().addListener(done -> promise.trySuccess());
			return;
		}
		if (queue.isEmpty()) {
			closeNow(ctx, promise);
			return;
		}
		closing = promise;
		ctx.channel().config().setAutoRead(false);
		ctx.executor().schedule(() -> closeNow(ctx, promise), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
		ctx.fireUserEventTriggered(Closing.INSTANCE);
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		if (ctx.channel().isWritable()) {
			cancelBlocked();
			scheduleWrite(ctx);
		}
		else if (blocked == null) {
			blocked = ctx.executor()
				.schedule(() -> drop(ctx,
						"its socket stayed full for " + TimeUnit.NANOSECONDS.toMillis(blockedLimitNanos) + " ms"),
						blockedLimitNanos, TimeUnit.NANOSECONDS);
		}
		ctx.fireChannelWritabilityChanged();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		discard();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		discard();
	}

	/** How many bytes wait to be written. */
	long queuedBytes() {
		return queuedBytes;
	}

	private void scheduleWrite(ChannelHandlerContext ctx) {
		if (nextWrite != null || queue.isEmpty() || !ctx.channel().isWritable()) {
			return;
		}
		long wait = Math.max(0, nextWriteAt - ctx.executor().ticker().nanoTime());
		nextWrite = ctx.executor().schedule(() -> writeNext(ctx), wait, TimeUnit.NANOSECONDS);
	}

	private void writeNext(ChannelHandlerContext ctx) {
		nextWrite = null;
		Pending next = queue.poll();
		if (next == null || closed) {
			return;
		}
		if (!ctx.channel().isWritable()) {
			// writability will come back, or the client will be dropped
			queue.addFirst(next);
			return;
		}
		queuedBytes -= next.bytes().readableBytes();
		nextWriteAt = ctx.executor().ticker().nanoTime() + PACE;
		ChannelPromise written = next.promise().isVoid() ? ctx.newPromise() : next.promise();
		ChannelFuture write = ctx.writeAndFlush(next.bytes(), written);
		ChannelPromise closePromise = closing;
		if (queue.isEmpty() && closePromise != null) {
			write.addListener(done -> closeNow(ctx, closePromise));
		}
		else {
			scheduleWrite(ctx);
		}
	}

	private void drop(ChannelHandlerContext ctx, String why) {
		if (closed) {
			return;
		}
		ChatUser user = TcpSession.user(ctx.channel());
		log.info("Dropped TCP client {} ({}): it stopped reading; {}", ctx.channel().remoteAddress(),
				user == null ? "no name yet" : LogText.of(user.username()), why);
		onSlowReader.run();
		closeNow(ctx, closing != null ? closing : ctx.newPromise());
	}

	private void closeNow(ChannelHandlerContext ctx, ChannelPromise promise) {
		if (closed) {
			return;
		}
		closed = true;
		discard();
		ctx.close(promise);
	}

	private void discard() {
		if (nextWrite != null) {
			nextWrite.cancel(false);
			nextWrite = null;
		}
		cancelBlocked();
		for (Pending pending = queue.poll(); pending != null; pending = queue.poll()) {
			pending.bytes().release();
			if (!pending.promise().isVoid()) {
				pending.promise().tryFailure(new ClosedChannelException());
			}
		}
		queuedBytes = 0;
	}

	private void cancelBlocked() {
		if (blocked != null) {
			blocked.cancel(false);
			blocked = null;
		}
	}

	private record Pending(ByteBuf bytes, ChannelPromise promise) {
	}

	/**
	 * The connection is being closed: act on nothing more the client sends.
	 */
	enum Closing {

		INSTANCE

	}

}
