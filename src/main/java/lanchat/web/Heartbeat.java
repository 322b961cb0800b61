package lanchat.web;

/**
 * One session's heart-beats, as STOMP 1.2 agrees them: the server writes at least every
 * {@code max(sx, cy)} ms and expects a frame or a heart-beat at least every
 * {@code max(cx, sy)} ms, each side only when both offered one (0 is none).
 * <p>
 * Reads and writes only raise a flag: they are on every frame's path, and a clock read
 * there would cost more than the whole of an idle session's upkeep. A periodic
 * {@link #check} turns the flags into times, so the times it works with are as coarse as
 * its period.
 */
final class Heartbeat {

	/**
	 * A client is silent after this many of its intervals without a frame: STOMP asks for
	 * a margin, and a phone on a weak network can lose one or two heart-beats.
	 */
	static final int SILENT_AFTER_INTERVALS = 3;

	/** What a {@link #check} found. */
	enum Due {

		/** Nothing to do. */
		NOTHING,

		/** Write a heart-beat: nothing was written for the agreed interval. */
		BEAT,

		/** Close: nothing came from the client for three of its intervals. */
		SILENT

	}

	private volatile long readEvery;

	private volatile long writeEvery;

	private volatile boolean heard;

	private volatile boolean wrote;

	private long lastHeard;

	private long lastWrote;

	/** A session not connected yet: no heart-beats either way. */
	Heartbeat(long now) {
		this.lastHeard = now;
		this.lastWrote = now;
	}

	/**
	 * Agrees the intervals from the client's CONNECT and the server's offer, each
	 * {@code [send every, receive every]}, and starts counting from {@code now}.
	 */
	synchronized void agree(long[] client, long[] server, long now) {
		this.lastHeard = now;
		this.lastWrote = now;
		this.readEvery = (client[0] > 0 && server[1] > 0) ? Math.max(client[0], server[1]) : 0;
		this.writeEvery = (client[1] > 0 && server[0] > 0) ? Math.max(client[1], server[0]) : 0;
	}

	/** The client sent something: a frame, part of one, or a heart-beat. */
	void heard() {
		if (!heard) {
			heard = true;
		}
	}

	/** Something was written to the client, or queued for it. */
	void wrote() {
		if (!wrote) {
			wrote = true;
		}
	}

	/** How long the client may be silent before it is closed, in ms; 0 for ever. */
	long silenceAllowed() {
		long every = readEvery;
		// a client may ask for any interval: one too long to multiply means never
		return (every > Long.MAX_VALUE / SILENT_AFTER_INTERVALS) ? Long.MAX_VALUE : every * SILENT_AFTER_INTERVALS;
	}

	/**
	 * What is due at {@code now}. A write counts from the check that saw it, so a
	 * heart-beat follows the last write after the interval plus at most one period of the
	 * checks.
	 */
	synchronized Due check(long now) {
		if (heard) {
			heard = false;
			lastHeard = now;
		}
		if (wrote) {
			wrote = false;
			lastWrote = now;
		}
		if (readEvery > 0 && now - lastHeard > silenceAllowed()) {
			return Due.SILENT;
		}
		if (writeEvery > 0 && now - lastWrote >= writeEvery) {
			lastWrote = now;
			return Due.BEAT;
		}
		return Due.NOTHING;
	}

}
