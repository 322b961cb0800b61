@NullMarked
package lanchat.system;

import org.jspecify.annotations.NullMarked;
