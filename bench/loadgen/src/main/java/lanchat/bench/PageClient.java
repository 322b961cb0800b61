package lanchat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One browser page's STOMP session, as frontend/scripts/connection.js and room.js run it: CONNECT with
 * heart-beats of 10 s (and the token once the server handed one out), the four live SUBSCRIBEs, then
 * {@code /app/session}, {@code /app/users} and, on a first visit, {@code /app/history} (the newest 50) asked
 * together; after a reconnect, session and users together, then pages of 200 {@code after=} the newest id
 * seen until a short page. Each request is a SUBSCRIBE whose one reply is followed by its UNSUBSCRIBE. When the server closes the
 * connection it reconnects with the page's back-off (the first try at once, then 250-500 ms, 0.5-1 s,
 * ... up to 15-30 s, "equal jitter"), gives up a try that has no CONNECTED within 10 s, and drops a
 * session whose request gets no reply within 15 s.
 * <p>
 * It remembers every message id it saw, live or in history, so a scenario can check that nothing was
 * missed. Frames arrive on a network thread and timers fire on the scheduler; both take the object's lock.
 */
final class PageClient {
    static final int HEARTBEAT_MILLIS = 10_000;
    static final int LATEST_PAGE = 50;
    static final int CATCH_UP_PAGE = 200;
    static final long CONNECTION_TIMEOUT_MILLIS = 10_000;
    static final long REQUEST_TIMEOUT_MILLIS = 15_000;
    static final int BACKOFF_FIRST_MILLIS = 500;
    static final int BACKOFF_CAP_MILLIS = 30_000;
    /** As the page: each time-out in a row doubles the next wait, twice at most (10, 20, 40 s; 15, 30, 60 s). */
    static final int PATIENCE_STEPS = 2;

    private static final byte[] ID = "\"id\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TOKEN = "\"token\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT_ID = "\"clientId\":\"".getBytes(StandardCharsets.US_ASCII);

    /** What the scenario hears about. */
    interface Events {
        /** The join (or rejoin) is complete: history caught up, the page is live. */
        void joined(PageClient page);

        /** A live frame on /topic/public or /user/queue/private. */
        default void live(PageClient page, byte[] b, int off, int len) {
        }
    }

    final String user;
    final int index;
    private final Net net;
    private final InetSocketAddress addr;
    private final String path;
    private final Heartbeats heartbeats;
    private final ScheduledExecutorService timers;
    private final Events events;
    /** Whether the server closing the connection makes it come back, as the page does. */
    volatile boolean reconnect;

    volatile String token;
    private Net.Conn conn;
    private int attempt;
    /** Time-outs in a row, as the page's: the server is slow (a room coming back), so wait longer. */
    private int patience;
    private boolean hold;
    private boolean everJoined;
    private boolean live;
    private int requestNumber;
    /** The subscription ids of requests not answered yet. */
    private final Set<String> outstanding = new HashSet<>();
    /** The newest id seen: where a catch-up starts. */
    /**
     * Every message up to this id is here. As on the page (room.js), it moves only over contiguous
     * ground: history pages, or live messages once the page is live; a live message that comes while
     * history is read only raises {@link #newestLive}, or the catch-up would skip the gap before it.
     */
    private long complete;

    /** The newest id that came live, whether the page was caught up or not. */
    private long newestLive;
    private final BitSet seen = new BitSet();
    /** When the current (re)join began and ended, System.nanoTime. */
    volatile long joinStartedNanos;
    volatile long joinedNanos;
    volatile int joins;
    volatile int connectAttempts;
    volatile int sessionsDropped;
    volatile String lastError;

    PageClient(String user, int index, Net net, InetSocketAddress addr, String path, Heartbeats heartbeats,
               ScheduledExecutorService timers, Events events) {
        this.user = user;
        this.index = index;
        this.net = net;
        this.addr = addr;
        this.path = path;
        this.heartbeats = heartbeats;
        this.timers = timers;
        this.events = events;
    }

    /** The page's back-off before try number {@code attempt} (0 is the first retry). */
    static long patient(long millis, int patience) {
        return millis << Math.min(patience, PATIENCE_STEPS);
    }

    static long backoffMillis(int attempt) {
        double ceiling = Math.min(BACKOFF_CAP_MILLIS, BACKOFF_FIRST_MILLIS * Math.pow(2, attempt));
        return (long) (ceiling / 2 + ThreadLocalRandom.current().nextDouble() * ceiling / 2);
    }

    /** Opens the connection and joins; the page's first try, at once. */
    synchronized void start() {
        joinStartedNanos = System.nanoTime();
        connect();
    }

    /**
     * Opens the connection but holds the rest of the join (subscriptions and requests) until
     * {@link #release}: a room filled this way hears no one's join, as no one is subscribed yet.
     */
    synchronized void startHeld() {
        hold = true;
        start();
    }

    /** Whether a held start has its connection. */
    synchronized boolean isHeld() {
        return hold && conn != null;
    }

    /** Goes on with a held join. */
    synchronized void release() {
        hold = false;
        if (conn != null) {
            join(conn);
        }
    }

    /** Whether the page is live: joined, caught up, connection open. */
    synchronized boolean isLive() {
        return live && conn != null && conn.isOpen();
    }

    synchronized long newestSeen() {
        return complete;
    }

    synchronized boolean saw(long id) {
        return seen.get((int) id);
    }

    /** Sends a chat message if live; false if not. */
    boolean send(byte[] frame) {
        Net.Conn c;
        synchronized (this) {
            if (!live || conn == null) {
                return false;
            }
            c = conn;
        }
        try {
            c.send(frame);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Unsubscribes from /topic/public and /topic/presence (before a quiet leave). */
    synchronized void leaveRoomTopics() {
        if (conn != null && conn.isOpen()) {
            try {
                conn.send(Stomp.unsubscribe("p"));
                conn.send(Stomp.unsubscribe("r"));
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Closes without coming back. */
    synchronized void stop() {
        reconnect = false;
        if (conn != null) {
            conn.onClose = null;
            conn.close();
        }
    }

    private void connect() {
        connectAttempts++;
        live = false;
        Net.Conn opening = net.start(addr, path, Net.Kind.STOMP_WS, user, this::frame,
                Stomp.connect(user, token, HEARTBEAT_MILLIS));
        long wait = patient(CONNECTION_TIMEOUT_MILLIS, patience);
        timers.schedule(() -> {
            if (opening.ready.completeExceptionally(new IOException("no CONNECTED within " + wait + " ms"))) {
                opening.close();
            }
        }, wait, TimeUnit.MILLISECONDS);
        opening.ready.whenComplete((c, failure) -> {
            if (failure != null) {
                synchronized (this) {
                    lastError = String.valueOf(failure.getMessage());
                    // as the page: a try that never got CONNECTED (timed out, or no server yet)
                    patience++;
                }
                retry();
            } else {
                connected(c);
            }
        });
    }

    private synchronized void connected(Net.Conn c) {
        conn = c;
        attempt = 0;
        c.onClose = this::closed;
        if (!c.isOpen()) {
            // closed before it could say so
            c.onClose = null;
            closed();
            return;
        }
        heartbeats.add(c);
        if (!hold) {
            join(c);
        }
    }

    private void join(Net.Conn c) {
        try {
            // live destinations first, as the page does: whatever comes while history is read arrives live
            c.send(Stomp.subscribe("s", "/user/queue/system"));
            c.send(Stomp.subscribe("v", "/user/queue/private"));
            c.send(Stomp.subscribe("p", "/topic/public"));
            c.send(Stomp.subscribe("r", "/topic/presence"));
            request('S', "/app/session", "");
            request('U', "/app/users", "");
            if (!everJoined) {
                request('H', "/app/history", "limit:" + LATEST_PAGE + "\n");
            }
        } catch (IOException e) {
            lastError = e.getMessage();
        }
    }

    /** One request: a SUBSCRIBE whose reply comes once; no reply within 15 s drops the session. */
    private void request(char kind, String destination, String headers) throws IOException {
        String id = kind + String.valueOf(++requestNumber);
        Net.Conn c = conn;
        outstanding.add(id);
        c.send(Stomp.subscribe(id, destination, headers));
        long wait = patient(REQUEST_TIMEOUT_MILLIS, patience);
        timers.schedule(() -> {
            synchronized (this) {
                // the first of several asked together to time out closes the session; the rest find it closed
                if (outstanding.contains(id) && conn == c && c.isOpen()) {
                    sessionsDropped++;
                    patience++;
                    lastError = "no reply from " + destination + " within " + wait + " ms";
                    c.onClose = null;
                    c.close();
                    closed();
                }
            }
        }, wait, TimeUnit.MILLISECONDS);
    }

    private void frame(Net.Conn c, byte[] b, int off, int len) {
        if (Stomp.isCommand(b, off, len, "ERROR")) {
            synchronized (this) {
                lastError = "ERROR " + Stomp.header(b, off, len, "message");
            }
            return;
        }
        int key = Stomp.subscriptionKey(b, off, len);
        switch (key) {
            case 'p', 'v' -> {
                long id = firstId(b, off, len);
                synchronized (this) {
                    if (id >= 0) {
                        seen.set((int) id);
                        newestLive = Math.max(newestLive, id);
                        if (live) {
                            complete = Math.max(complete, id);
                        }
                    }
                }
                events.live(this, b, off, len);
            }
            case 'S', 'U', 'H' -> reply(c, (char) key, b, off, len);
            default -> {
                // presence, system messages, heart-beats: nothing to keep
            }
        }
    }

    private synchronized void reply(Net.Conn c, char kind, byte[] b, int off, int len) {
        String subscription = Stomp.header(b, off, len, "subscription");
        if (c != conn || subscription == null || !outstanding.remove(subscription)) {
            return;
        }
        patience = 0;
        try {
            c.send(Stomp.unsubscribe(subscription));
            switch (kind) {
                case 'S' -> {
                    String t = stringField(b, off, len, TOKEN);
                    if (t != null) {
                        token = t;
                    }
                }
                case 'U' -> {
                    if (everJoined) {
                        request('H', "/app/history", "after:" + complete + "\nlimit:" + CATCH_UP_PAGE + "\n");
                    }
                }
                default -> {
                    int body = Stomp.bodyOffset(b, off, len);
                    int n = 0;
                    for (int p = Net.indexOf(b, body, off + len, ID); p >= 0; p = Net.indexOf(b, p + 1, off + len, ID)) {
                        long id = number(b, p + ID.length, off + len);
                        seen.set((int) id);
                        complete = Math.max(complete, id);
                        n++;
                    }
                    if (everJoined && n == CATCH_UP_PAGE) {
                        request('H', "/app/history", "after:" + complete + "\nlimit:" + CATCH_UP_PAGE + "\n");
                    } else {
                        complete = Math.max(complete, newestLive); // the page: max(#complete, list.newestId)
                        everJoined = true;
                        live = true;
                        joins++;
                        joinedNanos = System.nanoTime();
                        events.joined(this);
                    }
                }
            }
        } catch (IOException e) {
            lastError = e.getMessage();
        }
    }

    /** The server closed the connection (or a request timed out): come back as the page does. */
    private synchronized void closed() {
        live = false;
        outstanding.clear();
        if (reconnect) {
            retry();
        }
    }

    private synchronized void retry() {
        if (!reconnect) {
            return;
        }
        int a = attempt++;
        if (a == 0) {
            connect();
        } else {
            timers.schedule(() -> {
                synchronized (this) {
                    if (reconnect) {
                        connect();
                    }
                }
            }, backoffMillis(a - 1), TimeUnit.MILLISECONDS);
        }
    }

    /** Marks the start of a rejoin the scenario waits for (the server is about to go away). */
    synchronized void expectRejoin() {
        joinStartedNanos = System.nanoTime();
    }

    static long firstId(byte[] b, int off, int len) {
        int body = Stomp.bodyOffset(b, off, len);
        int p = Net.indexOf(b, body, off + len, ID);
        return p < 0 ? -1 : number(b, p + ID.length, off + len);
    }

    /** The value of "clientId" in a live message, or null. */
    static String clientId(byte[] b, int off, int len) {
        return stringField(b, off, len, CLIENT_ID);
    }

    private static long number(byte[] b, int p, int end) {
        long x = 0;
        while (p < end && b[p] == ' ') {
            p++;
        }
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            x = x * 10 + (b[p++] - '0');
        }
        return x;
    }

    private static String stringField(byte[] b, int off, int len, byte[] field) {
        int p = Net.indexOf(b, Stomp.bodyOffset(b, off, len), off + len, field);
        if (p < 0) {
            return null;
        }
        int start = p + field.length;
        int end = start;
        while (end < off + len && b[end] != '"') {
            end++;
        }
        return new String(b, start, end - start, StandardCharsets.UTF_8);
    }
}
