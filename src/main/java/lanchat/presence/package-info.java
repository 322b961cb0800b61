@NullMarked
package lanchat.presence;

import org.jspecify.annotations.NullMarked;
