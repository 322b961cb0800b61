package lanchat.bench;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A small non-blocking client for many connections in one process: WebSocket (raw or with
 * STOMP on top) and the seed's TCP JSON stream. Written by hand rather than with the JDK's
 * HttpClient WebSocket because the generator shares two cores with the server: here a
 * received message costs one read into a shared buffer and a scan of its bytes, with no
 * per-message futures, strings or copies, and an idle connection costs a few hundred bytes.
 *
 * Reads happen on a few selector threads; writes are done by the caller's thread directly on
 * the socket (spinning briefly when the socket buffer is full), so a sender that is held up by
 * the server is held up for real, which the open-loop schedule then shows as latency.
 */
final class Net implements Closeable {

    enum Kind { RAW_WS, STOMP_WS, TCP_JSON }

    /** One application message: a WebSocket text message (a whole STOMP frame) or one JSON object. */
    interface Listener {
        void onMessage(Conn conn, byte[] buf, int off, int len);
    }

    private final Loop[] loops;
    /** Heart-beats the servers sent, over all connections. */
    final java.util.concurrent.atomic.LongAdder heartbeatsReceived = new java.util.concurrent.atomic.LongAdder();
    private final AtomicInteger next = new AtomicInteger();

    Net(int threads) throws IOException {
        loops = new Loop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new Loop("net-" + i);
            loops[i].start();
        }
    }

    /** Opens a connection; the future completes when it is ready for use (WebSocket open, STOMP CONNECTED). */
    CompletableFuture<Conn> open(InetSocketAddress addr, String path, Kind kind, String user, Listener listener) {
        return open(addr, path, kind, user, listener, null);
    }

    /** As {@link #open(InetSocketAddress, String, Kind, String, Listener)}, with a STOMP CONNECT frame of the caller's. */
    CompletableFuture<Conn> open(InetSocketAddress addr, String path, Kind kind, String user, Listener listener,
                                 byte[] connectFrame) {
        return start(addr, path, kind, user, listener, connectFrame).ready;
    }

    /** Starts opening a connection; its {@code ready} future completes as {@link #open}'s does. */
    Conn start(InetSocketAddress addr, String path, Kind kind, String user, Listener listener, byte[] connectFrame) {
        Conn c = new Conn(kind, addr, path, user, listener);
        c.connectFrame = connectFrame;
        try {
            c.ch = SocketChannel.open();
            c.ch.configureBlocking(false);
            c.ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.ch.connect(addr);
        } catch (IOException e) {
            c.ready.completeExceptionally(e);
            return c;
        }
        Loop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        c.loop = loop;
        loop.pending.add(c);
        loop.selector.wakeup();
        return c;
    }

    @Override
    public void close() {
        for (Loop l : loops) {
            l.running = false;
            l.selector.wakeup();
        }
        for (Loop l : loops) {
            try {
                l.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static final class Conn {
        final Kind kind;
        final InetSocketAddress addr;
        final String path;
        final String user;
        volatile Listener listener;
        final CompletableFuture<Conn> ready = new CompletableFuture<>();
        SocketChannel ch;
        Loop loop;
        SelectionKey key;
        /** 0 connecting, 1 HTTP upgrade sent, 2 STOMP CONNECT sent, 3 open, 4 closed */
        volatile int state;
        byte[] leftover;            // bytes of an incomplete frame from the previous read
        ByteArrayOutputStream frag; // a fragmented WebSocket message being put together
        volatile String error;      // STOMP ERROR message or close reason, if any
        Object tag;                 // whatever the scenario wants to remember (e.g. receiver index)
        byte[] connectFrame;        // the STOMP CONNECT to send; null: Stomp.connect(user), heart-beats off
        byte[] big;                 // a WebSocket frame too large for the read buffer, being filled in place
        int bigFill;
        /** Called once if the connection closes or fails after it was ready (the server closed it, a read failed). */
        volatile Runnable onClose;

        Conn(Kind kind, InetSocketAddress addr, String path, String user, Listener listener) {
            this.kind = kind;
            this.addr = addr;
            this.path = path;
            this.user = user;
            this.listener = listener;
        }

        boolean isOpen() {
            return state == 3;
        }

        /** Sends one application message (a STOMP frame, a raw text or a JSON object). */
        void send(byte[] payload) throws IOException {
            if (kind == Kind.TCP_JSON) {
                write(payload);
            } else {
                write(wsFrame(payload, 0x1));
            }
        }

        /** Writes all bytes, spinning while the socket buffer is full (bounded: 10 s, like the servers' own limit). */
        synchronized void write(byte[] bytes) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            long deadline = 0;
            while (b.hasRemaining()) {
                if (ch.write(b) == 0) {
                    if (deadline == 0) {
                        deadline = System.nanoTime() + 10_000_000_000L;
                    } else if (System.nanoTime() > deadline) {
                        throw new IOException("write blocked for 10 s");
                    }
                    LockSupport.parkNanos(20_000);
                }
            }
        }

        void close() {
            state = 4;
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /**
     * A client frame. RFC 6455 wants clients to mask with a random key; the key is 0 here
     * (which servers accept, as they must not depend on its value), so masking is a no-op
     * and costs the generator nothing.
     */
    static byte[] wsFrame(byte[] payload, int opcode) {
        int n = payload.length;
        int head = n < 126 ? 2 : n < 65536 ? 4 : 10;
        byte[] f = new byte[head + 4 + n];
        f[0] = (byte) (0x80 | opcode);
        if (n < 126) {
            f[1] = (byte) (0x80 | n);
        } else if (n < 65536) {
            f[1] = (byte) (0x80 | 126);
            f[2] = (byte) (n >>> 8);
            f[3] = (byte) n;
        } else {
            f[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                f[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
            }
        }
        // 4 zero mask bytes follow the length
        System.arraycopy(payload, 0, f, head + 4, n);
        return f;
    }

    final class Loop extends Thread {
        final Selector selector;
        final ConcurrentLinkedQueue<Conn> pending = new ConcurrentLinkedQueue<>();
        volatile boolean running = true;
        private byte[] buf = new byte[1 << 20];

        Loop(String name) throws IOException {
            super(name);
            setDaemon(true);
            selector = Selector.open();
        }

        @Override
        public void run() {
            while (running) {
                try {
                    selector.select(100);
                    Conn p;
                    while ((p = pending.poll()) != null) {
                        p.key = p.ch.register(selector, SelectionKey.OP_CONNECT, p);
                    }
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey k = it.next();
                        it.remove();
                        Conn c = (Conn) k.attachment();
                        try {
                            if (!k.isValid()) {
                                fail(c, "closed");
                            } else if (k.isConnectable()) {
                                connected(c);
                            } else if (k.isReadable()) {
                                read(c);
                            }
                        } catch (IOException | RuntimeException e) {
                            fail(c, String.valueOf(e.getMessage()));
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // shutting down
            }
        }

        private void fail(Conn c, String why) {
            if (c.error == null) {
                c.error = why;
            }
            boolean wasReady = c.ready.isDone() && !c.ready.isCompletedExceptionally();
            c.ready.completeExceptionally(new IOException(c.user + ": " + why));
            c.close();
            Runnable closed = c.onClose;
            c.onClose = null;
            if (wasReady && closed != null) {
                closed.run();
            }
        }

        private void connected(Conn c) throws IOException {
            c.ch.finishConnect();
            c.key.interestOps(SelectionKey.OP_READ);
            if (c.kind == Kind.TCP_JSON) {
                // the seed dialect: the first object names the user; nothing comes back to wait for
                c.write(("{\"type\": \"username\", \"content\": \"" + c.user + "\"}").getBytes(StandardCharsets.UTF_8));
                c.state = 3;
                c.ready.complete(c);
                return;
            }
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String req = "GET " + c.path + " HTTP/1.1\r\n"
                    + "Host: " + c.addr.getHostString() + ":" + c.addr.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + (c.kind == Kind.STOMP_WS ? "Sec-WebSocket-Protocol: v12.stomp\r\n" : "")
                    + "\r\n";
            c.write(req.getBytes(StandardCharsets.US_ASCII));
            c.state = 1;
        }

        private void read(Conn c) throws IOException {
            if (c.big != null) {
                int n = c.ch.read(ByteBuffer.wrap(c.big, c.bigFill, c.big.length - c.bigFill));
                if (n < 0) {
                    fail(c, "connection closed by server");
                    return;
                }
                c.bigFill += n;
                if (c.bigFill == c.big.length) {
                    byte[] whole = c.big;
                    c.big = null;
                    wsFrames(c, whole, 0, whole.length);
                }
                return;
            }
            int have = 0;
            if (c.leftover != null) {
                if (c.leftover.length > buf.length / 2) {
                    buf = new byte[c.leftover.length * 4];
                }
                System.arraycopy(c.leftover, 0, buf, 0, c.leftover.length);
                have = c.leftover.length;
                c.leftover = null;
            }
            ByteBuffer bb = ByteBuffer.wrap(buf, have, buf.length - have);
            int n = c.ch.read(bb);
            if (n < 0) {
                fail(c, "connection closed by server");
                return;
            }
            int end = have + n;
            int used = switch (c.kind) {
                case TCP_JSON -> jsonObjects(c, buf, 0, end);
                default -> c.state == 1 ? handshake(c, buf, end) : wsFrames(c, buf, 0, end);
            };
            if (used < end && c.state != 4) {
                long whole = c.kind == Kind.TCP_JSON || c.state == 1 ? -1 : frameLength(buf, used, end);
                if (whole > BIG_FRAME) {
                    // e.g. a list of thousands of users: filled in place, not copied again on every read
                    c.big = new byte[(int) whole];
                    c.bigFill = end - used;
                    System.arraycopy(buf, used, c.big, 0, c.bigFill);
                } else {
                    c.leftover = java.util.Arrays.copyOfRange(buf, used, end);
                }
            }
        }

        private int handshake(Conn c, byte[] b, int end) throws IOException {
            int headEnd = indexOf(b, 0, end, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (headEnd < 0) {
                return 0;
            }
            String head = new String(b, 0, headEnd, StandardCharsets.US_ASCII);
            if (!head.startsWith("HTTP/1.1 101")) {
                fail(c, "upgrade refused: " + head.lines().findFirst().orElse(""));
                return end;
            }
            if (c.kind == Kind.STOMP_WS) {
                c.state = 2;
                c.send(c.connectFrame != null ? c.connectFrame : Stomp.connect(c.user));
            } else {
                c.state = 3;
                c.ready.complete(c);
            }
            return end > headEnd + 4 ? wsFrames(c, b, headEnd + 4, end) : headEnd + 4;
        }

        /** Parses whole WebSocket frames in b[off,end); returns where the unparsed rest starts. */
        private int wsFrames(Conn c, byte[] b, int off, int end) throws IOException {
            int p = off;
            while (end - p >= 2 && c.state != 4) {
                int b0 = b[p] & 0xff;
                int b1 = b[p + 1] & 0x7f;
                int hl = 2;
                long len = b1;
                if (b1 == 126) {
                    if (end - p < 4) {
                        break;
                    }
                    len = ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
                    hl = 4;
                } else if (b1 == 127) {
                    if (end - p < 10) {
                        break;
                    }
                    len = 0;
                    for (int i = 0; i < 8; i++) {
                        len = (len << 8) | (b[p + 2 + i] & 0xff);
                    }
                    hl = 10;
                }
                if (end - p - hl < len) {
                    break;
                }
                int start = p + hl;
                int n = (int) len;
                boolean fin = (b0 & 0x80) != 0;
                int op = b0 & 0x0f;
                switch (op) {
                    case 0x1, 0x2 -> {
                        if (fin) {
                            message(c, b, start, n);
                        } else {
                            c.frag = new ByteArrayOutputStream();
                            c.frag.write(b, start, n);
                        }
                    }
                    case 0x0 -> {
                        if (c.frag != null) {
                            c.frag.write(b, start, n);
                            if (fin) {
                                byte[] whole = c.frag.toByteArray();
                                c.frag = null;
                                message(c, whole, 0, whole.length);
                            }
                        }
                    }
                    case 0x8 -> fail(c, "closed by server (WebSocket close)");
                    case 0x9 -> c.write(wsFrame(java.util.Arrays.copyOfRange(b, start, start + n), 0xA));
                    default -> {
                        // pong or unknown: nothing to do
                    }
                }
                p = start + n;
            }
            return p;
        }

        private void message(Conn c, byte[] b, int off, int len) throws IOException {
            if (c.kind == Kind.STOMP_WS) {
                if (len <= 2 && (len == 0 || b[off] == '\n' || b[off] == '\r')) {
                    heartbeatsReceived.increment();
                    return; // heart-beat
                }
                if (c.state == 2) {
                    if (Stomp.isCommand(b, off, len, "CONNECTED")) {
                        c.state = 3;
                        c.ready.complete(c);
                    } else {
                        fail(c, "CONNECT refused: " + Stomp.header(b, off, len, "message"));
                    }
                    return;
                }
                if (Stomp.isCommand(b, off, len, "ERROR")) {
                    c.error = "ERROR " + Stomp.header(b, off, len, "message");
                }
            }
            Listener l = c.listener;
            if (l != null) {
                l.onMessage(c, b, off, len);
            }
        }

        /** Splits a stream of concatenated JSON objects (the seed writes them with no separator). */
        private int jsonObjects(Conn c, byte[] b, int off, int end) {
            int p = off;
            int start = -1;
            int depth = 0;
            boolean inString = false;
            int consumed = off;
            for (; p < end; p++) {
                byte x = b[p];
                if (inString) {
                    if (x == '\\') {
                        p++;
                    } else if (x == '"') {
                        inString = false;
                    }
                } else if (x == '"') {
                    inString = true;
                } else if (x == '{') {
                    if (depth++ == 0) {
                        start = p;
                    }
                } else if (x == '}' && depth > 0 && --depth == 0) {
                    Listener l = c.listener;
                    if (l != null) {
                        l.onMessage(c, b, start, p + 1 - start);
                    }
                    consumed = p + 1;
                } else if (depth == 0) {
                    consumed = p + 1; // whitespace or newlines between objects
                }
            }
            return consumed;
        }
    }

    /** Frames longer than this that arrive in parts are filled in an array of their own. */
    static final int BIG_FRAME = 64 * 1024;

    /** The whole length (header and payload) of the WebSocket frame at off, or -1 if its header is not all there. */
    static long frameLength(byte[] b, int off, int end) {
        if (end - off < 2) {
            return -1;
        }
        int b1 = b[off + 1] & 0x7f;
        int mask = (b[off + 1] & 0x80) != 0 ? 4 : 0;
        if (b1 < 126) {
            return 2 + mask + b1;
        }
        if (b1 == 126) {
            return end - off < 4 ? -1 : 4 + mask + (((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff));
        }
        if (end - off < 10) {
            return -1;
        }
        long len = 0;
        for (int i = 0; i < 8; i++) {
            len = (len << 8) | (b[off + 2 + i] & 0xff);
        }
        return 10 + mask + len;
    }

    static int indexOf(byte[] b, int from, int end, byte[] what) {
        outer:
        for (int i = from; i <= end - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (b[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
