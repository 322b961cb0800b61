package lanchat.bench.floor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The floor for idle sessions: what the I/O alone of keeping STOMP sessions over WebSocket alive,
 * heart-beats both ways, costs a JVM on this machine. One thread and one selector do everything: a
 * heart-beat in costs one wake-up and one read, a heart-beat out one write. No thread hand-off, no
 * re-arming of the selector, no framework, nothing else. It speaks just enough of the protocols for
 * the load generator's capacity scenario: the WebSocket upgrade, CONNECT answered with CONNECTED
 * (heart-beats 10 s both ways), every other frame read and ignored. So it is the floor for the I/O
 * alone: a real server also checks that heart-beats arrive, which this one never does. Not a server
 * anyone should use: what the socket cannot take at once of a write is lost, which would break the
 * stream (at 3 bytes every 10 s it never happens here).
 */
public final class FloorServer {

    private static final int HEARTBEAT_SECONDS = 10;

    private static final byte[] HEARTBEAT = {(byte) 0x81, 1, '\n'};

    private static final byte[] CONNECTED = textFrame(("CONNECTED\nversion:1.2\nheart-beat:" + HEARTBEAT_SECONDS * 1000
            + "," + HEARTBEAT_SECONDS * 1000 + "\n\n\0").getBytes(StandardCharsets.US_ASCII));

    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** Each connection sends its heart-beat in one second of ten, as a real server spreads them. */
    private final List<List<Conn>> buckets = new ArrayList<>();

    private int next;

    private long heartbeatsIn;

    private long heartbeatsOut;

    private FloorServer() {
        for (int i = 0; i < HEARTBEAT_SECONDS; i++) {
            buckets.add(new ArrayList<>());
        }
    }

    public static void main(String[] args) throws IOException {
        int port = 8080;
        for (String arg : args) {
            if (arg.startsWith("--server.port=")) {
                port = Integer.parseInt(arg.substring("--server.port=".length()));
            }
        }
        new FloorServer().serve(port);
    }

    private void serve(int port) throws IOException {
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 1000);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        System.out.println("floor server listening on 127.0.0.1:" + port);
        long nextTick = System.nanoTime() + 1_000_000_000L;
        int tick = 0;
        while (true) {
            long wait = Math.max(1, (nextTick - System.nanoTime()) / 1_000_000);
            selector.select(wait);
            for (SelectionKey key : selector.selectedKeys()) {
                if (!key.isValid()) {
                    continue;
                }
                if (key.isAcceptable()) {
                    try {
                        accept(server, selector);
                    } catch (IOException ex) {
                        // out of file descriptors, say: the client tries again
                        System.out.println("accept failed: " + ex);
                    }
                } else if (key.isReadable()) {
                    Conn conn = (Conn) key.attachment();
                    try {
                        conn.read();
                    } catch (IOException | RuntimeException ex) {
                        // one bad client (a frame length no buffer can hold) closes only itself
                        conn.close();
                    }
                }
            }
            selector.selectedKeys().clear();
            if (System.nanoTime() >= nextTick) {
                nextTick += 1_000_000_000L;
                tick++;
                sendHeartbeats(buckets.get(tick % HEARTBEAT_SECONDS));
                if (tick % 10 == 0) {
                    System.out.printf("heart-beats in %d, out %d%n", heartbeatsIn, heartbeatsOut);
                }
            }
        }
    }

    private void accept(ServerSocketChannel server, Selector selector) throws IOException {
        SocketChannel channel;
        while ((channel = server.accept()) != null) {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Conn conn = new Conn(channel);
            channel.register(selector, SelectionKey.OP_READ, conn);
            buckets.get(next++ % HEARTBEAT_SECONDS).add(conn);
        }
    }

    private void sendHeartbeats(List<Conn> bucket) {
        bucket.removeIf(conn -> conn.closed);
        for (Conn conn : bucket) {
            if (conn.stomp) {
                conn.write(HEARTBEAT);
                heartbeatsOut++;
            }
        }
    }

    private static byte[] textFrame(byte[] payload) {
        // server frames are not masked; only short frames are sent, with the 7-bit length
        if (payload.length > 125) {
            throw new IllegalArgumentException("a frame of " + payload.length + " bytes needs a longer length");
        }
        byte[] frame = new byte[payload.length + 2];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 2, payload.length);
        return frame;
    }

    private final class Conn {

        private final SocketChannel channel;

        private ByteBuffer in = ByteBuffer.allocate(1024);

        private boolean upgraded;

        private boolean stomp;

        private boolean closed;

        Conn(SocketChannel channel) {
            this.channel = channel;
        }

        void read() throws IOException {
            int n = channel.read(in);
            if (n < 0) {
                close();
                return;
            }
            in.flip();
            if (!upgraded) {
                handshake();
            }
            if (upgraded) {
                frames();
            }
            in.compact();
            if (!in.hasRemaining()) {
                // a frame larger than the buffer: make room for the rest
                ByteBuffer larger = ByteBuffer.allocate(in.capacity() * 2);
                in.flip();
                larger.put(in);
                in = larger;
            }
        }

        private void handshake() {
            int end = indexOf(in, "\r\n\r\n");
            if (end < 0) {
                return;
            }
            byte[] head = new byte[end];
            in.get(head);
            in.position(in.position() + 4);
            String key = null;
            String protocol = null;
            for (String line : new String(head, StandardCharsets.ISO_8859_1).split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                if (name.equals("sec-websocket-key")) {
                    key = value;
                } else if (name.equals("sec-websocket-protocol") && value.contains("v12.stomp")) {
                    protocol = "v12.stomp";
                }
            }
            String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(key) + "\r\n"
                    + (protocol == null ? "" : "Sec-WebSocket-Protocol: " + protocol + "\r\n") + "\r\n";
            write(response.getBytes(StandardCharsets.ISO_8859_1));
            upgraded = true;
        }

        private void frames() throws IOException {
            while (in.remaining() >= 2) {
                int start = in.position();
                int opcode = in.get(start) & 0x0F;
                boolean masked = (in.get(start + 1) & 0x80) != 0;
                long length = in.get(start + 1) & 0x7F;
                int header = 2;
                if (length == 126) {
                    if (in.remaining() < 4) {
                        return;
                    }
                    length = in.getShort(start + 2) & 0xFFFF;
                    header = 4;
                } else if (length == 127) {
                    if (in.remaining() < 10) {
                        return;
                    }
                    length = in.getLong(start + 2);
                    header = 10;
                }
                int maskAt = start + header;
                if (masked) {
                    header += 4;
                }
                if (in.remaining() < header + length) {
                    return;
                }
                int payload = start + header;
                if (masked) {
                    for (int i = 0; i < length; i++) {
                        in.put(payload + i, (byte) (in.get(payload + i) ^ in.get(maskAt + (i & 3))));
                    }
                }
                switch (opcode) {
                    case 0x0, 0x1, 0x2 -> message(payload, (int) length);
                    case 0x8 -> {
                        close();
                        return;
                    }
                    case 0x9 -> pong(payload, (int) length);
                    default -> {
                        // pong: nothing to do
                    }
                }
                in.position(payload + (int) length);
            }
        }

        private void pong(int at, int length) {
            if (length > 125) {
                // a control frame is never longer: not a WebSocket client
                close();
                return;
            }
            byte[] pong = new byte[2 + length];
            pong[0] = (byte) 0x8A;
            pong[1] = (byte) length;
            for (int i = 0; i < length; i++) {
                pong[2 + i] = in.get(at + i);
            }
            write(pong);
        }

        private void message(int at, int length) {
            if (length <= 2 && (length == 0 || in.get(at) == '\n' || in.get(at) == '\r')) {
                heartbeatsIn++;
            } else if (startsWith(at, length, "CONNECT\n") || startsWith(at, length, "STOMP\n")) {
                stomp = true;
                write(CONNECTED);
            }
            // SUBSCRIBE, UNSUBSCRIBE, SEND: read and ignored
        }

        private boolean startsWith(int at, int length, String command) {
            if (length < command.length()) {
                return false;
            }
            for (int i = 0; i < command.length(); i++) {
                if (in.get(at + i) != command.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        void write(byte[] bytes) {
            try {
                channel.write(ByteBuffer.wrap(bytes));
            } catch (IOException ex) {
                close();
            }
        }

        void close() {
            closed = true;
            try {
                channel.close();
            } catch (IOException ignored) {
                // closed either way
            }
        }

    }

    private static int indexOf(ByteBuffer buffer, String needle) {
        outer:
        for (int i = buffer.position(); i <= buffer.limit() - needle.length(); i++) {
            for (int j = 0; j < needle.length(); j++) {
                if (buffer.get(i + j) != needle.charAt(j)) {
                    continue outer;
                }
            }
            return i - buffer.position();
        }
        return -1;
    }

    private static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
