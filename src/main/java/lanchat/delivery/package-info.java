/**
 * The one seam through which every message leaves the server: today the in-memory STOMP broker and
 * the seed's TCP gateway; later a broker relay shared by several nodes.
 */
@NullMarked
package lanchat.delivery;

import org.jspecify.annotations.NullMarked;
