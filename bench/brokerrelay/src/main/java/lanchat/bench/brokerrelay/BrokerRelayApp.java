package lanchat.bench.brokerrelay;

import java.time.Instant;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.stereotype.Controller;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * Spring's own answer to several nodes: the plain STOMP chat of bench/baseline, with
 * {@code enableStompBrokerRelay} to RabbitMQ's STOMP plugin instead of the simple broker. Run several
 * instances against one broker and they serve one room. Every client session gets its own STOMP connection
 * to the broker, and every subscription its own queue there: the broker does the fan-out, per client.
 * No persistence, no names, no limits, as in the baseline.
 */
@SpringBootApplication
public class BrokerRelayApp {

    public static void main(String[] args) {
        SpringApplication.run(BrokerRelayApp.class, args);
    }

    /** What clients send and what the topic carries: the seed's field names. */
    public record ChatMessage(String type, String username, String content, String timestamp) {
    }

    @Configuration
    @EnableWebSocketMessageBroker
    static class Broker implements WebSocketMessageBrokerConfigurer {

        private final int relayPort;

        Broker(@Value("${relay.port:61613}") int relayPort) {
            this.relayPort = relayPort;
        }

        @Override
        public void registerStompEndpoints(StompEndpointRegistry registry) {
            registry.addEndpoint("/ws");
        }

        @Override
        public void configureMessageBroker(MessageBrokerRegistry registry) {
            registry.enableStompBrokerRelay("/topic", "/queue")
                .setRelayHost("127.0.0.1")
                .setRelayPort(relayPort)
                // the relay's host header defaults to the relay host, which RabbitMQ takes for a virtual host
                .setVirtualHost("/")
                .setClientLogin("guest")
                .setClientPasscode("guest")
                .setSystemLogin("guest")
                .setSystemPasscode("guest");
            registry.setApplicationDestinationPrefixes("/app");
        }
    }

    @Controller
    static class Chat {
        @MessageMapping("/chat.send")
        @SendTo("/topic/public")
        public ChatMessage send(ChatMessage in, @Header(name = "simpSessionId") String session) {
            return new ChatMessage("message", session, in.content(), Instant.now().toString());
        }
    }
}
