@NullMarked
package lanchat.command;

import org.jspecify.annotations.NullMarked;
