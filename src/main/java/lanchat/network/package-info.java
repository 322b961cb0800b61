/**
 * How the server is reached: its own names and addresses, the address people should use
 * ({@code lanchat.public-url}), reverse proxies it trusts, and the {@code Host} check
 * that keeps DNS-rebinding pages out.
 */
@NullMarked
package lanchat.network;

import org.jspecify.annotations.NullMarked;
