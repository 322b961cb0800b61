package lanchat.bench.relay;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The ceiling: what the same container (Boot's Tomcat) does when it only relays WebSocket
 * text messages, with no STOMP, no JSON, no broker, no executor hand-offs. Receivers connect
 * to /ws?role=recv; everything any session sends is written, unchanged, to every receiver
 * from the sender's own I/O thread. Senders do not get their own messages back, so the
 * delivery count is the same as for the STOMP systems (whose senders do not subscribe).
 */
@SpringBootApplication
public class RelayApp {

    public static void main(String[] args) {
        SpringApplication.run(RelayApp.class, args);
    }

    @Configuration
    @EnableWebSocket
    static class Endpoint implements WebSocketConfigurer {
        @Override
        public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
            registry.addHandler(new Relay(), "/ws");
        }
    }

    static class Relay extends TextWebSocketHandler {
        // not a copy-on-write set: 10,000 joins would copy it 10,000 times
        private final Set<WebSocketSession> receivers = ConcurrentHashMap.newKeySet();

        @Override
        public void afterConnectionEstablished(WebSocketSession session) {
            String query = session.getUri() == null ? null : session.getUri().getQuery();
            if (query != null && query.contains("role=recv")) {
                receivers.add(session);
            }
        }

        @Override
        protected void handleTextMessage(WebSocketSession from, TextMessage message) {
            for (WebSocketSession to : receivers) {
                // Tomcat allows one writer per session at a time; the lock is uncontended
                // unless two senders hit the same receiver at once.
                synchronized (to) {
                    try {
                        to.sendMessage(message);
                    } catch (IOException | IllegalStateException e) {
                        receivers.remove(to);
                    }
                }
            }
        }

        @Override
        public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
            receivers.remove(session);
        }
    }
}
