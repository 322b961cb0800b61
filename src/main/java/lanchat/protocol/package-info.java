@NullMarked
package lanchat.protocol;

import org.jspecify.annotations.NullMarked;
