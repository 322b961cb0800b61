package lanchat.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import lanchat.web.tomcat.Frame;

/**
 * The frames queued for one session and their size, taken out a write's worth at a time.
 * Many threads add; one write at a time takes.
 */
final class FrameQueue {

	/**
	 * A write takes queued frames until it holds this much (and one frame more at most),
	 * so a client that fell behind catches up in writes of a size its socket takes in a
	 * few steps.
	 */
	static final long MAX_WRITE_BYTES = 32 * 1024;

	/**
	 * And at most this many frames, well under the system's limit on buffers per write.
	 */
	static final int MAX_WRITE_FRAMES = 64;

	private final Queue<Frame> frames = new ConcurrentLinkedQueue<>();

	private final AtomicLong bytes = new AtomicLong();

	/**
	 * @return the bytes queued with this frame counted, before it is added
	 */
	long reserve(Frame frame) {
		return bytes.addAndGet(frame.bytes());
	}

	/** Adds a frame whose size {@link #reserve} counted. */
	void add(Frame frame) {
		frames.add(frame);
	}

	boolean isEmpty() {
		return frames.isEmpty();
	}

	/** The frames for the next write, oldest first. */
	List<Frame> takeWrite() {
		List<Frame> write = new ArrayList<>();
		long taken = 0;
		Frame next;
		while (write.size() < MAX_WRITE_FRAMES && taken < MAX_WRITE_BYTES && (next = frames.poll()) != null) {
			write.add(next);
			taken += next.bytes();
		}
		bytes.addAndGet(-taken);
		return write;
	}

	void clear() {
		frames.clear();
		bytes.set(0);
	}

}
