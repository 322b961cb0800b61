package lanchat.security;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link SlowConsumerTests} with frames written through the Jakarta WebSocket API's
 * batching alone ({@code lanchat.websocket.writes=batching}), whose flush blocks while a
 * client's socket is full: clients that never read are dropped there too, and hold up no
 * one else.
 */
@TestPropertySource(properties = "lanchat.websocket.writes=batching")
class SlowConsumerOnTheBatchingPathTests extends SlowConsumerTests {

}
