package lanchat.bench.baseline;

import java.time.Instant;

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
 * The "plain Spring approach" the product is compared against: the textbook STOMP chat
 * (the Spring guide's shape). One @MessageMapping that stamps the message and hands it to
 * the simple broker via @SendTo. No persistence, no names, no limits, no checks: anything
 * the product does on top of this is cost the product has to win back.
 */
@SpringBootApplication
public class BaselineApp {

    public static void main(String[] args) {
        SpringApplication.run(BaselineApp.class, args);
    }

    /** What clients send and what the topic carries: the seed's field names. */
    public record ChatMessage(String type, String username, String content, String timestamp) {
    }

    @Configuration
    @EnableWebSocketMessageBroker
    static class Broker implements WebSocketMessageBrokerConfigurer {
        @Override
        public void registerStompEndpoints(StompEndpointRegistry registry) {
            registry.addEndpoint("/ws");
        }

        @Override
        public void configureMessageBroker(MessageBrokerRegistry registry) {
            registry.enableSimpleBroker("/topic", "/queue");
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
