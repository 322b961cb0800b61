package lanchat.web.tomcat;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code lanchat.websocket.*} settings.
 *
 * @param writes how queued frames reach a session's socket: {@code gathering} (Tomcat's
 * own socket write, through its non-public members) or {@code batching} (the Jakarta
 * WebSocket API only)
 */
@ConfigurationProperties("lanchat.websocket")
record WebSocketProperties(@DefaultValue("gathering") WritePath writes) {
}
