/**
 * Who may come in, the same way for every transport: one
 * {@link lanchat.admission.Admission} that the WebSocket and the seed's TCP gateway both
 * call, in one order, with connection limits counted across both from the moment a socket
 * is accepted; and the registry of the connections it let in.
 */
@NullMarked
package lanchat.admission;

import org.jspecify.annotations.NullMarked;
