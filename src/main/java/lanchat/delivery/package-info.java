/**
 * The one seam through which every message leaves the server: today STOMP over WebSocket
 * (written by the server itself, not through a broker) and the seed's TCP gateway; later
 * a relay shared by several nodes.
 */
@NullMarked
package lanchat.delivery;

import org.jspecify.annotations.NullMarked;
