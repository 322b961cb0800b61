package lanchat.bench;

import java.nio.charset.StandardCharsets;

/** The few STOMP 1.2 frames the generator sends, and byte-level peeks at the ones it gets. */
final class Stomp {
    private Stomp() {
    }

    static byte[] connect(String user) {
        // heart-beats off: the generator measures the chat, not the keep-alive traffic
        return frame("CONNECT\naccept-version:1.2\nhost:127.0.0.1\nheart-beat:0,0\nusername:" + user + "\n\n");
    }

    /**
     * A CONNECT as the page sends it: heart-beats both ways every {@code heartbeatMillis} (the page: 10 s), and
     * the token the server handed this name before, if any.
     */
    static byte[] connect(String user, String token, int heartbeatMillis) {
        return frame("CONNECT\naccept-version:1.2\nhost:127.0.0.1\nheart-beat:" + heartbeatMillis + "," + heartbeatMillis
                + "\nusername:" + user + "\n" + (token == null ? "" : "token:" + token + "\n") + "\n");
    }

    /** A client heart-beat: a WebSocket text frame holding one end of line (masked with a zero key, as all ours are). */
    static final byte[] HEARTBEAT_FRAME = Net.wsFrame(new byte[] {'\n'}, 0x1);

    static byte[] subscribe(String id, String destination) {
        return frame("SUBSCRIBE\nid:" + id + "\ndestination:" + destination + "\n\n");
    }

    static byte[] subscribe(String id, String destination, String extraHeaders) {
        return frame("SUBSCRIBE\nid:" + id + "\ndestination:" + destination + "\n" + extraHeaders + "\n");
    }

    static byte[] unsubscribe(String id) {
        return frame("UNSUBSCRIBE\nid:" + id + "\n\n");
    }

    static byte[] send(String destination, String json) {
        return frame("SEND\ndestination:" + destination + "\ncontent-type:application/json\n\n" + json);
    }

    private static byte[] frame(String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        byte[] f = new byte[t.length + 1];
        System.arraycopy(t, 0, f, 0, t.length);
        return f; // last byte stays 0: the frame terminator
    }

    static boolean isCommand(byte[] b, int off, int len, String command) {
        int n = command.length();
        if (len <= n || b[off + n] != '\n' && b[off + n] != '\r') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[off + i] != command.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The value of a header, or null. Only used off the hot path (errors, history replies). */
    static String header(byte[] b, int off, int len, String name) {
        int end = off + len;
        int p = off;
        while (p < end && b[p] != '\n') {
            p++; // command line
        }
        p++;
        while (p < end && b[p] != '\n') {
            int lineEnd = p;
            while (lineEnd < end && b[lineEnd] != '\n') {
                lineEnd++;
            }
            String line = new String(b, p, lineEnd - p, StandardCharsets.UTF_8);
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).strip();
            }
            p = lineEnd + 1;
        }
        return null;
    }

    private static final byte[] SUBSCRIPTION = "\nsubscription:".getBytes(StandardCharsets.US_ASCII);

    /**
     * The first byte of a MESSAGE frame's subscription id, or -1: enough to tell the generator's own
     * subscriptions apart (each starts with a different letter) without making a string per frame.
     */
    static int subscriptionKey(byte[] b, int off, int len) {
        int end = Math.min(off + len, off + 4096);
        int bodyAt = bodyOffset(b, off, Math.min(len, 4096));
        int p = Net.indexOf(b, off, Math.min(end, bodyAt), SUBSCRIPTION);
        return p < 0 || p + SUBSCRIPTION.length >= end ? -1 : b[p + SUBSCRIPTION.length] & 0xff;
    }

    /** Where the body starts (after the blank line), or len if there is none. */
    static int bodyOffset(byte[] b, int off, int len) {
        int end = off + len;
        for (int p = off; p < end - 1; p++) {
            if (b[p] == '\n' && b[p + 1] == '\n') {
                return p + 2;
            }
        }
        return end;
    }
}
