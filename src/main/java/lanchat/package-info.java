/**
 * lanchat: a chat room one person starts on a laptop and everyone on the same network
 * joins from a browser.
 */
@NullMarked
package lanchat;

import org.jspecify.annotations.NullMarked;
