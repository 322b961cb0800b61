@NullMarked
package lanchat.history;

import org.jspecify.annotations.NullMarked;
