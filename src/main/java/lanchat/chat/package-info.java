@NullMarked
package lanchat.chat;

import org.jspecify.annotations.NullMarked;
