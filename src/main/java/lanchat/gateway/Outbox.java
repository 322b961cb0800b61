package lanchat.gateway;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

/**
 * What is waiting to be written to one client, written one piece at a time and {@link #PACE} apart:
 * the seed's v3 client parses each read as one JSON object, so two writes must not arrive in one read.
 * Only the channel's event loop touches it. A client that lets more than the send buffer size pile up,
 * or reads nothing for the send time limit, is a slow reader and is dropped, as over STOMP.
 */
final class Outbox {

	/** Long enough for a Python client to print one message and read again, short enough to go unnoticed. */
	static final long PACE = TimeUnit.MILLISECONDS.toNanos(40);

	private final Channel channel;

	private final long maxBytes;

	private final long blockedLimit;

	private final Runnable slowReader;

	private final ArrayDeque<byte[]> queue = new ArrayDeque<>();

	private long queuedBytes;

	private long lastWrite = System.nanoTime() - PACE;

	private long blockedSince = -1;

	private boolean flushScheduled;

	private boolean closeWhenDrained;

	private boolean dropped;

	/**
	 * @param slowReader called once, on the event loop, when the client falls too far behind
	 */
	Outbox(Channel channel, long maxBytes, long blockedLimitNanos, Runnable slowReader) {
		this.channel = channel;
		this.maxBytes = maxBytes;
		this.blockedLimit = blockedLimitNanos;
		this.slowReader = slowReader;
	}

	void add(List<byte[]> writes) {
		if (dropped || closeWhenDrained) {
			return;
		}
		for (byte[] write : writes) {
			queue.add(write);
			queuedBytes += write.length;
		}
		if (queuedBytes > maxBytes) {
			drop();
			return;
		}
		scheduleFlush();
	}

	/** Closes the connection once everything queued so far is written; later additions are dropped. */
	void closeWhenDrained() {
		closeWhenDrained = true;
		scheduleFlush();
	}

	int queuedBytes() {
		return (int) queuedBytes;
	}

	private void scheduleFlush() {
		if (flushScheduled || dropped) {
			return;
		}
		flushScheduled = true;
		long wait = lastWrite + PACE - System.nanoTime();
		if (wait <= 0) {
			channel.eventLoop().execute(this::flush);
		}
		else {
			channel.eventLoop().schedule(this::flush, wait, TimeUnit.NANOSECONDS);
		}
	}

	private void flush() {
		flushScheduled = false;
		if (dropped || !channel.isActive()) {
			queue.clear();
			queuedBytes = 0;
			return;
		}
		if (queue.isEmpty()) {
			if (closeWhenDrained) {
				channel.close();
			}
			return;
		}
		long now = System.nanoTime();
		if (!channel.isWritable()) {
			// the socket buffers are full: the client is not reading
			if (blockedSince < 0) {
				blockedSince = now;
			}
			else if (now - blockedSince > blockedLimit) {
				drop();
				return;
			}
			lastWrite = now;
			scheduleFlush();
			return;
		}
		blockedSince = -1;
		byte[] next = queue.poll();
		queuedBytes -= next.length;
		channel.writeAndFlush(Unpooled.wrappedBuffer(next), channel.voidPromise());
		lastWrite = now;
		if (!queue.isEmpty() || closeWhenDrained) {
			scheduleFlush();
		}
	}

	private void drop() {
		dropped = true;
		queue.clear();
		queuedBytes = 0;
		slowReader.run();
	}

}
